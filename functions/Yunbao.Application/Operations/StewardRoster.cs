using Microsoft.Extensions.Options;
using Yunbao.Application.Ports;
using Yunbao.Domain.Dispatch;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Operations;

/// <summary>The dispatcher's view of the stewards: positions, load, staleness, and whom to send to an order.</summary>
public sealed class StewardRoster(IStewardRepository stewards, IRoadDistance distance, IOptions<StewardPresenceOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<StewardPresence>> ListAsync(string districtId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var freshSince = options.Value.FreshSince(now);
        return (await stewards.ListAsync(districtId, ct))
            .Select(s => new StewardPresence(s, s.LastSeenAt < freshSince, now - s.LastSeenAt))
            .OrderBy(p => p.Steward.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Nearest first, only stewards who can take it now (fresh, available, with room); at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<StewardSuggestion>> SuggestAsync(WorkOrder order, int take, CancellationToken ct) =>
        (await ListAsync(order.DistrictId, ct))
            .Where(p => p.CanTakeOrders && !p.Steward.ActiveOrderIds.Contains(order.Id))
            .Select(p => new StewardSuggestion(p, distance.Meters(p.Steward.Location, order.Location)))
            .OrderBy(s => s.DistanceMeters).Take(take).ToList();
}
