using System.Collections.Concurrent;

namespace Yunbao.Edge.Simulator.Output;

/// <summary>A moment's counts for the DevHost's progress line.</summary>
public sealed record FleetCountersSnapshot(
    DateTimeOffset SimulatedTime,
    long Frames,
    IReadOnlyDictionary<string, long> TelemetryByType,
    int ViolationsActive,
    int ViolationsResolved,
    int ViolationsPlanned,
    double PatrolKilometres)
{
    public long TelemetryMessages => TelemetryByType.Values.Sum();
}
