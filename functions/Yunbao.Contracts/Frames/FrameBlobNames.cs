using System.Globalization;

namespace Yunbao.Contracts.Frames;

/// <summary>Names of frame blobs in the `frames` container: one naming for the simulator and the camera modules.</summary>
public static class FrameBlobNames
{
    /// <summary>`{deviceId}/{yyyy}/{MM}/{dd}/{HHmmss}-{seq}-{view}.jpg` in UTC; seq keeps names unique within a second.</summary>
    public static string For(string deviceId, DateTimeOffset capturedAt, long sequence, string view) =>
        string.Create(CultureInfo.InvariantCulture, $"{deviceId}/{capturedAt.UtcDateTime:yyyy}/{capturedAt.UtcDateTime:MM}/{capturedAt.UtcDateTime:dd}/{capturedAt.UtcDateTime:HHmmss}-{sequence:D6}-{view}.jpg");

    /// <summary>The device folder a frame blob name starts with ("{deviceId}/…"): IoT Hub file upload puts the uploader's id there; null without one.</summary>
    public static string? DeviceOf(string blobName)
    {
        var slash = blobName.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? blobName[..slash] : null;
    }

    /// <summary>The name below "{deviceId}/": IoT Hub file upload puts the device folder in front itself.</summary>
    public static string WithoutDevicePrefix(string blobName, string deviceId)
    {
        var prefix = deviceId + "/";
        return blobName.StartsWith(prefix, StringComparison.Ordinal) ? blobName[prefix.Length..] : blobName;
    }
}
