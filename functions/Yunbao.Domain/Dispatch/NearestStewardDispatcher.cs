using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Domain.Dispatch;

/// <summary>
/// Picks the nearest available steward with spare capacity who has been heard from since <c>heardSince</c>
/// (a phone that stopped reporting says nothing about where its steward is, or whether they are still on shift).
/// Reassignment (not accepted within the category's dispatch SLA) picks again, leaving out the steward who let it lapse.
/// </summary>
public sealed class NearestStewardDispatcher(IRoadDistance distance)
{
    public Steward? Choose(WorkOrder order, IEnumerable<Steward> stewards, DateTimeOffset heardSince, IReadOnlyCollection<string>? exclude = null)
    {
        Steward? best = null;
        var bestMeters = double.MaxValue;
        foreach (var s in stewards.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            if (s.DistrictId != order.DistrictId || !s.HasCapacity || s.LastSeenAt < heardSince || s.ActiveOrderIds.Contains(order.Id)) continue;
            if (exclude is not null && exclude.Contains(s.Id)) continue;
            var m = distance.Meters(s.Location, order.Location);
            if (m < bestMeters) { best = s; bestMeters = m; }
        }
        return best;
    }

    /// <summary>The steward to move a lapsed dispatch to, or null to leave it (nobody else is free).</summary>
    public Steward? ChooseReassignment(WorkOrder order, IEnumerable<Steward> stewards, DateTimeOffset now, DateTimeOffset heardSince) =>
        order.AcceptanceOverdue(now) ? Choose(order, stewards, heardSince, order.AssignedStewardId is { } current ? [current] : null) : null;
}
