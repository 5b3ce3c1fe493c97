using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Domain.Dispatch;

/// <summary>
/// Picks the nearest available steward with spare capacity. Reassignment (not accepted within the
/// category's dispatch SLA) picks again, leaving out the steward who let it lapse.
/// </summary>
public sealed class NearestStewardDispatcher(IRoadDistance distance)
{
    public Steward? Choose(WorkOrder order, IEnumerable<Steward> stewards, IReadOnlyCollection<string>? exclude = null)
    {
        Steward? best = null;
        var bestMeters = double.MaxValue;
        foreach (var s in stewards.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            if (s.DistrictId != order.DistrictId || !s.HasCapacity || s.ActiveOrderIds.Contains(order.Id)) continue;
            if (exclude is not null && exclude.Contains(s.Id)) continue;
            var m = distance.Meters(s.Location, order.Location);
            if (m < bestMeters) { best = s; bestMeters = m; }
        }
        return best;
    }

    /// <summary>The steward to move a lapsed dispatch to, or null to leave it (nobody else is free).</summary>
    public Steward? ChooseReassignment(WorkOrder order, IEnumerable<Steward> stewards, DateTimeOffset now) =>
        order.AcceptanceOverdue(now) ? Choose(order, stewards, order.AssignedStewardId is { } current ? [current] : null) : null;
}
