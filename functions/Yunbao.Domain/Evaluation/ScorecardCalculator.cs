using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Simulation;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Domain.Evaluation;

/// <summary>
/// Scores work orders against the simulation's ground truth. The rules (also in the README):
/// <list type="number">
/// <item>A violation is <b>present</b> when its interval [start, end) overlaps the window and its category is in the catalog.</item>
/// <item>An order's <b>sightings</b> are its incidents (location, observed time); an order none of whose incidents are known
/// counts its own location at its creation time.</item>
/// <item>A sighting <b>matches</b> the nearest present violation of the order's category within the category's dedupe radius
/// that stood at the sighting's time (start ≤ t &lt; end). Each sighting matches at most one violation.</item>
/// <item>A violation is <b>caught</b> by every order with a matching sighting; an order with none is a <b>false order</b>.</item>
/// <item>Start → order: from the violation's start (or the window's, if earlier) to the creation of the first order that caught it.
/// Order → verified: from an order's creation to its first verified event, for true orders that got one.</item>
/// <item>Dedupe: an order that caught two or more violations <b>merged</b> them; a violation caught by two or more orders was <b>split</b>.</item>
/// </list>
/// Per source, an order counts under its source (patrol vehicle, fixed camera, sensor, citizen, ...); every source sees
/// all present violations, so its recall is the share it caught on its own.
/// </summary>
public static class ScorecardCalculator
{
    public static PipelineScorecard Compute(SimulatedGroundTruth truth, IReadOnlyList<WorkOrder> orders, IReadOnlyList<Incident> incidents, CategoryCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentNullException.ThrowIfNull(catalog);

        var present = truth.Violations
            .Where(v => v.Start < truth.To && (v.End is null || v.End > truth.From) && catalog.TryGet(v.CategoryCode, out _))
            .ToList();
        var byCategory = present.ToLookup(v => v.CategoryCode);
        var incidentsById = incidents.GroupBy(i => i.Id).ToDictionary(g => g.Key, g => g.First());
        var incidentsByOrder = incidents.Where(i => i.WorkOrderId is not null).ToLookup(i => i.WorkOrderId!);

        var caughtBy = new Dictionary<string, HashSet<string>>();          // order id → violation ids
        var ordersOf = present.ToDictionary(v => v.Id, _ => new List<WorkOrder>()); // violation id → orders that caught it
        foreach (var order in orders)
        {
            var matched = new HashSet<string>();
            if (catalog.TryGet(order.CategoryCode, out var category))
            {
                foreach (var (where, when) in Sightings(order, incidentsById, incidentsByOrder))
                {
                    var hit = byCategory[order.CategoryCode]
                        .Where(v => v.Start <= when && (v.End is null || when < v.End))
                        .Select(v => (v, d: where.DistanceTo(new GeoPoint(v.Lon, v.Lat))))
                        .Where(x => x.d <= category.DedupeRadiusMeters)
                        .OrderBy(x => x.d).ThenBy(x => x.v.Id, StringComparer.Ordinal)
                        .Select(x => x.v).FirstOrDefault();
                    if (hit is not null && matched.Add(hit.Id)) ordersOf[hit.Id].Add(order);
                }
            }
            caughtBy[order.Id] = matched;
        }

        ScorecardRow Row(string key, IReadOnlyCollection<GroundTruthViolation> violations, IReadOnlyCollection<WorkOrder> scored) =>
            ScorecardRow.Of(key, violations.Count,
                violations.Count(v => ordersOf[v.Id].Any(o => scored.Contains(o))),
                scored.Count, scored.Count(o => caughtBy[o.Id].Count == 0));

        var categoryRows = catalog.All.Select(c => c.Code)
            .Where(code => byCategory[code].Any() || orders.Any(o => o.CategoryCode == code))
            .Select(code => Row(code, byCategory[code].ToList(), orders.Where(o => o.CategoryCode == code).ToList()))
            .ToList();
        var sourceRows = orders.Select(o => o.Source).Distinct().Order(StringComparer.Ordinal)
            .Select(s => Row(s, present, orders.Where(o => o.Source == s).ToList()))
            .ToList();

        var toOrder = present.Where(v => ordersOf[v.Id].Count > 0)
            .Select(v => ordersOf[v.Id].Min(o => o.CreatedAt) - (v.Start > truth.From ? v.Start : truth.From))
            .Select(d => d < TimeSpan.Zero ? TimeSpan.Zero : d);
        var toVerified = orders.Where(o => caughtBy[o.Id].Count > 0)
            .Select(o => (o, verified: o.Events.FirstOrDefault(e => e.Type == WorkOrderEventTypes.Verified)))
            .Where(x => x.verified is not null)
            .Select(x => x.verified!.At - x.o.CreatedAt);

        var merged = orders.Where(o => caughtBy[o.Id].Count > 1).ToList();
        var split = present.Where(v => ordersOf[v.Id].Count > 1).ToList();
        var dedupe = new DedupeOutcome(merged.Count, merged.Sum(o => caughtBy[o.Id].Count - 1), split.Count, split.Sum(v => ordersOf[v.Id].Count - 1));

        return new PipelineScorecard(SimulatedGroundTruth.Label, truth.From, truth.To,
            Row("all", present, orders), categoryRows, sourceRows,
            DurationStats.Of(toOrder), DurationStats.Of(toVerified), dedupe,
            present.Where(v => ordersOf[v.Id].Count == 0).Select(v => v.Id).ToList(),
            orders.Where(o => caughtBy[o.Id].Count == 0).Select(o => o.Id).ToList());
    }

    private static IEnumerable<(GeoPoint Where, DateTimeOffset When)> Sightings(
        WorkOrder order, Dictionary<string, Incident> byId, ILookup<string, Incident> byOrder)
    {
        var own = order.IncidentIds.Select(id => byId.GetValueOrDefault(id)).OfType<Incident>()
            .Concat(byOrder[order.Id]).DistinctBy(i => i.Id).ToList();
        return own.Count > 0 ? own.Select(i => (i.Location, i.ObservedAt)) : [(order.Location, order.CreatedAt)];
    }
}
