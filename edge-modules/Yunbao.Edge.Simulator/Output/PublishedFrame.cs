using System.Collections.Concurrent;
using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Simulator.Output;

public sealed record PublishedFrame(FrameCapture Capture, byte[] Jpeg, IReadOnlyDictionary<string, string> Metadata);
