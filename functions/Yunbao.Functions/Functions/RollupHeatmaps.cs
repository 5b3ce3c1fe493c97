using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Yunbao.Domain.Heatmaps;
using Yunbao.Domain.Pipeline;

namespace Yunbao.Functions.Functions;

/// <summary>Re-renders the heatmap tiles whose counts changed since the last run.</summary>
public sealed class RollupHeatmaps(HeatmapRollupService rollup, ILogger<RollupHeatmaps> logger)
{
    [Function(nameof(RollupHeatmaps))]
    public async Task<HeatmapRollupResult> Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var result = await rollup.RollupAsync(ct);
        logger.LogInformation("Heatmap rollup: {Incidents} incidents counted, {Tiles} tiles written, max intensity {Max:F2}",
            result.IncidentsCounted, result.TilesWritten, result.MaxIntensity);
        return result;
    }
}
