using System.Collections.Concurrent;

namespace Yunbao.Edge.Simulator.Output;

/// <summary>Thread-safe counts of what the fleet published.</summary>
public sealed class FleetCounters
{
    private long _frames;
    private readonly ConcurrentDictionary<string, long> _telemetry = new(StringComparer.Ordinal);

    public long Frames => Interlocked.Read(ref _frames);
    public IReadOnlyDictionary<string, long> TelemetryByType => new SortedDictionary<string, long>(_telemetry, StringComparer.Ordinal);

    internal void Frame() => Interlocked.Increment(ref _frames);
    internal void Telemetry(string type) => _telemetry.AddOrUpdate(type, 1, (_, n) => n + 1);
}
