using Yunbao.Domain.Incidents;

namespace Yunbao.Domain.Heatmaps;

/// <summary>A heatmap layer: a named subset of incidents (all, one category, one source).</summary>
public sealed record HeatmapLayer(string Name, string Description, Func<Incident, bool> Includes);
