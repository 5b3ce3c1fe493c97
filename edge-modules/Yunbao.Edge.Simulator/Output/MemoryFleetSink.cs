using System.Collections.Concurrent;
using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Simulator.Output;

/// <summary>Keeps everything in memory: for tests and for a dry run without storage.</summary>
public sealed class MemoryFleetSink(bool keepImages = true) : IFleetSink
{
    private readonly ConcurrentQueue<PublishedFrame> _frames = new();
    private readonly ConcurrentQueue<PublishedTelemetry> _telemetry = new();

    public IReadOnlyList<PublishedFrame> Frames => _frames.ToList();
    public IReadOnlyList<PublishedTelemetry> Telemetry => _telemetry.ToList();

    public Task PublishFrameAsync(FrameCapture capture, byte[] jpeg, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        _frames.Enqueue(new PublishedFrame(capture, keepImages ? jpeg : [], metadata));
        return Task.CompletedTask;
    }

    public Task PublishTelemetryAsync(string deviceId, string? moduleId, string type, object body, CancellationToken cancellationToken)
    {
        _telemetry.Enqueue(new PublishedTelemetry(deviceId, moduleId, type, body));
        return Task.CompletedTask;
    }
}
