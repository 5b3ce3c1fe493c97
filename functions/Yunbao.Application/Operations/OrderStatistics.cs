using Yunbao.Application.Ports;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Operations;

/// <summary>The numbers beside the dispatcher's map, computed from the orders touched in a time range.</summary>
public sealed class OrderStatistics(IWorkOrderRepository orders, TimeProvider clock)
{
    /// <summary>Grid step for repeat locations: about 45 m north–south and 35 m east–west at Lize's latitude.</summary>
    private const double RepeatCellDegrees = 0.0004;

    /// <summary>Orders read per report at most: a district's week fits many times over; a cap keeps one request bounded.</summary>
    public const int MaxOrders = 20_000;

    public async Task<StatisticsReport> ComputeAsync(string districtId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        // Orders updated since `from` are all that can have opened or closed in the range (the store filters on updatedAt).
        var touched = new List<WorkOrder>();
        string? token = null;
        do
        {
            var page = await orders.QueryAsync(new WorkOrderQuery { DistrictId = districtId, Since = from, PageSize = 200, ContinuationToken = token }, ct);
            touched.AddRange(page.Items);
            token = page.ContinuationToken;
        } while (token is not null && touched.Count < MaxOrders);

        bool In(DateTimeOffset t) => t >= from && t <= to;
        var opened = touched.Where(o => In(o.CreatedAt)).ToList();
        var closed = touched.Where(o => o.Events.Any(e => e.Type is WorkOrderEventTypes.Closed or WorkOrderEventTypes.Rejected or WorkOrderEventTypes.Verified && In(e.At))
            && !o.IsOpen).ToList();

        double? Median(Func<WorkOrder, DateTimeOffset?> at)
        {
            var minutes = opened.Select(o => at(o) is { } t ? (t - o.CreatedAt).TotalMinutes : (double?)null).OfType<double>().Order().ToList();
            if (minutes.Count == 0) return null;
            return minutes.Count % 2 == 1 ? minutes[minutes.Count / 2] : (minutes[(minutes.Count / 2) - 1] + minutes[minutes.Count / 2]) / 2;
        }
        DateTimeOffset? First(WorkOrder o, params string[] types) => o.Events.FirstOrDefault(e => types.Contains(e.Type))?.At;

        var now = clock.GetUtcNow();
        // An order counts for an SLA once it was met or its deadline passed; still-running clocks are not judged.
        double? Compliance(Func<WorkOrder, DateTimeOffset?> doneAt, Func<WorkOrder, DateTimeOffset> due)
        {
            var judged = opened.Where(o => o.Status != WorkOrderStatus.Rejected && (doneAt(o) is not null || due(o) < now)).ToList();
            return judged.Count == 0 ? null : (double)judged.Count(o => doneAt(o) is { } d && d <= due(o)) / judged.Count;
        }

        var repeats = opened
            .GroupBy(o => (Math.Floor(o.Location.Lon / RepeatCellDegrees), Math.Floor(o.Location.Lat / RepeatCellDegrees)))
            .Where(g => g.Count() > 1 || g.Any(o => o.OccurrenceCount > 1))
            .Select(g => new RepeatLocation(
                new GeoPoint(g.Average(o => o.Location.Lon), g.Average(o => o.Location.Lat)), g.Count(), g.Sum(o => o.OccurrenceCount),
                g.Select(o => o.CategoryCode).Distinct().Order(StringComparer.Ordinal).ToList()))
            .OrderByDescending(r => r.Sightings).ThenByDescending(r => r.Orders).Take(10).ToList();

        return new StatisticsReport(from, to, now, opened.Count, closed.Count,
            Count(opened, o => o.CategoryCode), Count(opened, o => o.Source), Count(closed, o => o.CategoryCode),
            Median(o => First(o, WorkOrderEventTypes.Dispatched)), Median(o => First(o, WorkOrderEventTypes.Accepted)), Median(o => First(o, WorkOrderEventTypes.Resolved)),
            Compliance(o => First(o, WorkOrderEventTypes.Dispatched), o => o.DispatchDueAt),
            Compliance(o => First(o, WorkOrderEventTypes.Resolved), o => o.ResolveDueAt),
            opened.Count(o => o.OccurrenceCount > 1), repeats);
    }

    private static SortedDictionary<string, int> Count(IEnumerable<WorkOrder> orders, Func<WorkOrder, string> key) =>
        new(orders.GroupBy(key).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
}
