namespace Yunbao.Contracts.Frames;

/// <summary>
/// Blob metadata keys that carry a frame's capture context (x-ms-meta-*). Devices write them, the
/// functions read them. Values are ASCII (blob metadata rule): numbers invariant culture, times ISO 8601 UTC.
/// </summary>
public static class FrameMetadataKeys
{
    public const string DeviceId = "deviceid";
    public const string DistrictId = "districtid";
    public const string CapturedAt = "capturedat";
    public const string Lon = "lon";
    public const string Lat = "lat";
    public const string Heading = "headingdeg";
    public const string Speed = "speedkmh";
    public const string View = "view";
    public const string Source = "source";        // EventSource name, e.g. "PatrolVehicle"
    public const string Width = "width";
    public const string Height = "height";
    /// <summary>Simulated frames only: base64url(JSON array of ground-truth objects) for the simulation detector.</summary>
    public const string GroundTruth = "simgroundtruth";
    /// <summary>"true" on frames drawn by the simulator.</summary>
    public const string Simulated = "simulated";
}
