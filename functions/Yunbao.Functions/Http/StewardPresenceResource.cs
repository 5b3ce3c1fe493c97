using Yunbao.Application.Operations;

namespace Yunbao.Functions.Http;

/// <summary>A steward on the dispatcher's map: where, how loaded, whether their phone still reports (stale ones cannot take orders).</summary>
public sealed record StewardPresenceResource(string Id, string Name, LocationResource Location, DateTimeOffset LastSeenAt, double MinutesSinceSeen,
    bool Stale, bool Available, bool CanTakeOrders, int Load, int Capacity, IReadOnlyList<string> ActiveOrderIds)
{
    public static StewardPresenceResource From(StewardPresence p) => new(p.Steward.Id, p.Steward.Name, LocationResource.From(p.Steward.Location),
        p.Steward.LastSeenAt, Math.Round(p.SinceLastSeen.TotalMinutes, 1), p.Stale, p.Steward.Available, p.CanTakeOrders,
        p.Steward.ActiveOrderIds.Count, p.Steward.Capacity, p.Steward.ActiveOrderIds);
}
