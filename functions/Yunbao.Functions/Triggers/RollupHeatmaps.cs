using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;

namespace Yunbao.Functions.Triggers;

/// <summary>Re-renders the district's heatmap pyramids (the service logs what it wrote).</summary>
public sealed class RollupHeatmaps(HeatmapRollupService rollup, IOptions<DistrictOptions> district)
{
    [Function(nameof(RollupHeatmaps))]
    public Task<HeatmapRollupResult> Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken ct) =>
        rollup.RollupAsync(district.Value.DistrictId, ct);
}
