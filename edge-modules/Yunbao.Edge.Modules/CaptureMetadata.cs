using System.Globalization;
using Yunbao.Domain.Detection;

namespace Yunbao.Edge.Modules;

/// <summary>Blob names and x-ms-meta-* capture metadata of frames (FrameMetadataKeys), as the functions read them.</summary>
public static class CaptureMetadata
{
    /// <summary>Full name in `frames`: "{deviceId}/{yyyy}/{MM}/{dd}/{HHmmss}-{seq}-{view}.jpg" (UTC). IoT Hub adds the "{deviceId}/" itself.</summary>
    public static string BlobName(string deviceId, DateTimeOffset capturedAt, long sequence, string view)
    {
        var t = capturedAt.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{deviceId}/{t:yyyy}/{t:MM}/{t:dd}/{t:HHmmss}-{sequence % 1_000_000:D6}-{view}.jpg");
    }

    /// <summary>The capture metadata; <paramref name="extra"/> (from the source) comes first, so the module's capture context wins.</summary>
    public static Dictionary<string, string> For(FrameCapture capture, IReadOnlyDictionary<string, string>? extra = null)
    {
        static string N(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, string>(extra ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase)
        {
            [FrameMetadataKeys.DeviceId] = capture.DeviceId,
            [FrameMetadataKeys.DistrictId] = capture.DistrictId,
            [FrameMetadataKeys.CapturedAt] = capture.CapturedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            [FrameMetadataKeys.Lon] = N(capture.Position.Lon, "F7"),
            [FrameMetadataKeys.Lat] = N(capture.Position.Lat, "F7"),
            [FrameMetadataKeys.Heading] = N(((capture.HeadingDeg % 360) + 360) % 360, "F1"),
            [FrameMetadataKeys.Speed] = N(capture.SpeedKmh, "F1"),
            [FrameMetadataKeys.View] = capture.View,
            [FrameMetadataKeys.Source] = capture.Source.ToString(),
        };
        if (capture.ImageWidth > 0) metadata[FrameMetadataKeys.Width] = capture.ImageWidth.ToString(CultureInfo.InvariantCulture);
        if (capture.ImageHeight > 0) metadata[FrameMetadataKeys.Height] = capture.ImageHeight.ToString(CultureInfo.InvariantCulture);
        return metadata;
    }
}
