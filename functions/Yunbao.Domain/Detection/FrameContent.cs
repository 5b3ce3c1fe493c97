using Yunbao.Contracts.Frames;

namespace Yunbao.Domain.Detection;

/// <summary>A frame's bytes and metadata as read from storage.</summary>
public sealed record FrameContent(FrameCapture Capture, ReadOnlyMemory<byte> Image, string ContentType, IReadOnlyDictionary<string, string> Metadata);
