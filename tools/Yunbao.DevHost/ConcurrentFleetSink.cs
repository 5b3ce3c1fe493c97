using Yunbao.Contracts.Frames;
using Yunbao.Edge.Simulator.Output;

namespace Yunbao.DevHost;

/// <summary>
/// Lets the simulated fleet's uploads of one step overlap instead of waiting for each round trip in turn (a fleet's
/// devices upload side by side, too). A publish returns once it has a slot; <see cref="FlushAsync"/> waits for all of
/// them and rethrows the first failure, so the step only ends when everything it produced is in storage. Telemetry of
/// one device keeps its order (IoT Hub delivers a device's messages in order); frames are separate blobs and go in any order.
/// </summary>
public sealed class ConcurrentFleetSink(IFleetSink inner, int maxInFlight = 8) : IFleetSink, IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxInFlight, maxInFlight);
    private readonly object _gate = new();
    private readonly List<Task> _pending = [];
    private readonly Dictionary<string, Task> _lastTelemetryOf = new(StringComparer.Ordinal);

    public Task PublishFrameAsync(FrameCapture capture, byte[] jpeg, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken) =>
        StartAsync(null, ct => inner.PublishFrameAsync(capture, jpeg, metadata, ct), cancellationToken);

    public Task PublishTelemetryAsync(string deviceId, string? moduleId, string type, object body, CancellationToken cancellationToken) =>
        StartAsync(deviceId, ct => inner.PublishTelemetryAsync(deviceId, moduleId, type, body, ct), cancellationToken);

    /// <summary>Waits until every publish started so far has finished; throws if one failed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pending];
            _pending.Clear();
            _lastTelemetryOf.Clear();
        }
        await Task.WhenAll(pending).WaitAsync(cancellationToken);
    }

    private async Task StartAsync(string? orderKey, Func<CancellationToken, Task> publish, CancellationToken ct)
    {
        // Waiting for a slot here keeps the fleet from rendering far ahead of its uploads.
        await _slots.WaitAsync(ct);
        lock (_gate)
        {
            var previous = orderKey is not null && _lastTelemetryOf.TryGetValue(orderKey, out var p) ? p : Task.CompletedTask;
            var task = RunAsync(previous, publish, ct);
            if (orderKey is not null) _lastTelemetryOf[orderKey] = task;
            _pending.Add(task);
        }
    }

    private async Task RunAsync(Task previous, Func<CancellationToken, Task> publish, CancellationToken ct)
    {
        await Task.Yield();   // off the caller's lock: the upload's own CPU work runs in parallel too
        try
        {
            // The earlier message's failure is reported by its own task; this one still goes out after it.
            try { await previous; } catch (Exception) when (!ct.IsCancellationRequested) { }
            await publish(ct);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
