using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Modules;

/// <summary>The x-ms-meta-* capture metadata of a frame: the one codec the functions read, plus what the source adds.</summary>
public static class CaptureMetadata
{
    /// <summary>The capture metadata (FrameMetadataCodec); <paramref name="extra"/> from the source comes first, so the capture context wins.</summary>
    public static Dictionary<string, string> For(FrameCapture capture, IReadOnlyDictionary<string, string>? extra = null)
    {
        var metadata = new Dictionary<string, string>(extra ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in FrameMetadataCodec.ToMetadata(capture)) metadata[key] = value;
        return metadata;
    }
}
