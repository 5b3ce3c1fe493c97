using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Yunbao.Contracts.Frames;
using Yunbao.Edge.Modules;

namespace Yunbao.Edge.Modules.Tests;

/// <summary>A camera that returns a tiny JPEG-marked payload and says which capture it was.</summary>
public sealed class RecordingFrames : IFrameSource
{
    public ConcurrentQueue<FrameCapture> Captures { get; } = new();

    public Task<FrameImage> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken)
    {
        Captures.Enqueue(capture);
        return Task.FromResult(new FrameImage(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, new Dictionary<string, string> { ["testsource"] = "recording" }));
    }
}
