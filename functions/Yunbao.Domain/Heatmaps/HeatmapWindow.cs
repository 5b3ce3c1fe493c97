using Yunbao.Domain.Incidents;

namespace Yunbao.Domain.Heatmaps;

/// <summary>A time window counted back from the rollup's "now".</summary>
public sealed record HeatmapWindow(string Name, TimeSpan Length)
{
    public bool Includes(Incident incident, DateTimeOffset now) =>
        incident.ObservedAt < now && incident.ObservedAt >= now - Length;
}
