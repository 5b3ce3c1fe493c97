using System.Text.Json;
using Microsoft.Extensions.Options;
using Yunbao.Application.Ports;
using Yunbao.Contracts;
using Yunbao.Contracts.Simulation;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Evaluation;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Evaluation;

/// <summary>
/// The pipeline's scorecard against SIMULATED ground truth. The local runner records the simulator's violations
/// (reports/<see cref="GroundTruthName"/>); the scorecard loads them with the orders and incidents of the same window.
/// A deployment without a simulator has no ground truth, and so no scorecard.
/// </summary>
public sealed class PipelineScorecards(
    IReportStore store,
    IWorkOrderRepository orders,
    IIncidentRepository incidents,
    CategoryCatalog catalog,
    IOptions<DistrictOptions> district)
{
    public const string GroundTruthName = "simulation-ground-truth.json";

    public Task RecordGroundTruthAsync(SimulatedGroundTruth truth, CancellationToken ct) =>
        store.WriteAsync(GroundTruthName, JsonSerializer.Serialize(truth, YunbaoJson.Options), "application/json", ct);

    public async Task<SimulatedGroundTruth?> ReadGroundTruthAsync(CancellationToken ct) =>
        await store.ReadAsync(GroundTruthName, ct) is { } text ? JsonSerializer.Deserialize<SimulatedGroundTruth>(text, YunbaoJson.Options) : null;

    /// <summary>The scorecard of the recorded window, or null when no ground truth was recorded for this district.</summary>
    public async Task<PipelineScorecard?> ComputeAsync(CancellationToken ct)
    {
        var truth = await ReadGroundTruthAsync(ct);
        var d = district.Value.DistrictId;
        if (truth is null || truth.DistrictId != d) return null;
        // A sighting late in the window may open its order just after it (the pipeline drains after the fleet stops).
        var slack = TimeSpan.FromHours(1);
        var seen = new List<Incident>();
        await foreach (var i in incidents.ListObservedBetweenAsync(d, truth.From, truth.To + slack, ct)) seen.Add(i);
        var loaded = new List<WorkOrder>();
        var query = new WorkOrderQuery { DistrictId = d, Since = truth.From, PageSize = 200 };
        do
        {
            var page = await orders.QueryAsync(query, ct);
            loaded.AddRange(page.Items.Where(o => o.CreatedAt >= truth.From && o.CreatedAt < truth.To + slack));
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);
        return ScorecardCalculator.Compute(truth, loaded, seen, catalog);
    }
}
