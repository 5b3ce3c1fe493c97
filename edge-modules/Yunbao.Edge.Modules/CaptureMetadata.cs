using Yunbao.Domain.Detection;
using Yunbao.Infrastructure.Storage;
using SimFrames = Yunbao.Edge.Simulator.Imaging.FrameMetadata;

namespace Yunbao.Edge.Modules;

/// <summary>Blob names and x-ms-meta-* capture metadata of frames: the same naming as the simulator and the one codec the functions read.</summary>
public static class CaptureMetadata
{
    /// <summary>Full name in `frames`: "{deviceId}/{yyyy}/{MM}/{dd}/{HHmmss}-{seq}-{view}.jpg" (UTC). IoT Hub adds the "{deviceId}/" itself.</summary>
    public static string BlobName(string deviceId, DateTimeOffset capturedAt, long sequence, string view) =>
        SimFrames.BlobName(deviceId, capturedAt, sequence, view);

    /// <summary>The capture metadata (FrameMetadataCodec); <paramref name="extra"/> from the source comes first, so the capture context wins.</summary>
    public static Dictionary<string, string> For(FrameCapture capture, IReadOnlyDictionary<string, string>? extra = null)
    {
        var metadata = new Dictionary<string, string>(extra ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in FrameMetadataCodec.ToMetadata(capture)) metadata[key] = value;
        return metadata;
    }
}
