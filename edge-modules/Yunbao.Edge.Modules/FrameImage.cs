namespace Yunbao.Edge.Modules;

/// <summary>One picture from a camera: JPEG bytes and any extra blob metadata the source adds (e.g. simulated=true and ground truth).</summary>
public sealed record FrameImage(ReadOnlyMemory<byte> Jpeg, IReadOnlyDictionary<string, string> ExtraMetadata, string ContentType = "image/jpeg");
