
namespace Yunbao.Application.Heatmaps;

/// <summary>What one rollup did. <see cref="TilesWritten"/>: tiles with heat now published; <see cref="TilesRendered"/>: of those,
/// the ones this run drew and wrote (pyramids whose inputs had not changed are kept as they were).</summary>
public sealed record HeatmapRollupResult(DateTimeOffset GeneratedAt, int IncidentsCounted, int TilesWritten, double MaxIntensity)
{
    public int TilesRendered { get; init; } = TilesWritten;
    public int PyramidsRendered { get; init; }
}
