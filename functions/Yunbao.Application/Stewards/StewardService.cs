using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Geo;
using Yunbao.Application.Ports;
using Yunbao.Application.WorkOrders;
using Yunbao.Application;
using Yunbao.Domain.Stewards;

namespace Yunbao.Application.Stewards;

/// <summary>Stewards' presence: heartbeats from their phones, the seeded roster, and dispatch when one has room.</summary>
public sealed class StewardService(IStewardRepository stewards, StewardDispatch dispatch, TimeProvider clock, ILogger<StewardService> logger)
{

    /// <summary>
    /// Records where a steward is and (optionally) whether they take orders. An unknown steward id is
    /// registered with default capacity. When the steward has room, waiting orders are dispatched.
    /// </summary>
    public async Task<Steward> HeartbeatAsync(string districtId, string stewardId, GeoPoint where, bool? available, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(stewardId)) throw new UnprocessableInputException("A steward heartbeat needs a steward id.");
        if (!double.IsFinite(where.Lon) || !double.IsFinite(where.Lat) || Math.Abs(where.Lon) > 180 || Math.Abs(where.Lat) > 90)
            throw new UnprocessableInputException($"Steward {stewardId} reported an impossible position {where}.");
        var now = clock.GetUtcNow();
        var (steward, isNew, becameAvailable) = await OptimisticConcurrency.RetryAsync(async c =>
        {
            // A dispatch may reserve a slot meanwhile: a conflict re-reads and applies the heartbeat to the new version.
            var stored = await stewards.GetAsync(districtId, stewardId, c);
            var s = stored ?? new Steward { Id = stewardId, DistrictId = districtId, Name = stewardId };
            var cameBack = available == true && !s.Available;
            s.Location = where;
            s.LastSeenAt = now;
            if (available is { } a) s.Available = a;
            if (stored is not null) await stewards.ReplaceAsync(s, c);
            else if (!await stewards.TryCreateAsync(s, c)) throw new ConcurrencyConflictException($"Steward {stewardId} was registered meanwhile.", alreadyExists: true);
            return (s, stored is null, cameBack);
        }, OptimisticConcurrency.DefaultAttempts, ct);
        if (isNew) logger.LogInformation("Steward {StewardId} registered in {DistrictId} by first heartbeat", stewardId, districtId);
        if (becameAvailable) logger.LogInformation("Steward {StewardId} in {DistrictId} is available again", stewardId, districtId);
        // A steward with room who just appeared or came back takes waiting orders; the SLA sweep covers the rest.
        if ((isNew || becameAvailable) && steward.HasCapacity && await dispatch.DispatchWaitingAsync(districtId, ct) > 0)
            steward = await stewards.GetAsync(districtId, stewardId, ct) ?? steward;
        return steward;
    }

    /// <summary>Same as <see cref="HeartbeatAsync"/>: the name the HTTP API uses.</summary>
    public Task<Steward> ReportLocationAsync(string districtId, string stewardId, GeoPoint where, bool? available, CancellationToken ct) =>
        HeartbeatAsync(districtId, stewardId, where, available, ct);

    /// <summary>
    /// Seeds a roster: stewards not yet stored are created, existing ones are left as they are (their
    /// location and active orders are live state). Then waiting orders are dispatched. Returns how many were created.
    /// </summary>
    public async Task<int> EnsureStewardsAsync(IEnumerable<Steward> roster, CancellationToken ct)
    {
        var created = 0;
        var districts = new HashSet<string>();
        foreach (var s in roster)
        {
            districts.Add(s.DistrictId);
            if (await stewards.GetAsync(s.DistrictId, s.Id, ct) is not null) continue;
            if (s.LastSeenAt == default) s.LastSeenAt = clock.GetUtcNow();
            s.ETag = null;
            // Create-only: a steward a heartbeat registered meanwhile keeps its live state.
            if (await stewards.TryCreateAsync(s, ct)) created++;
        }
        foreach (var d in districts) await dispatch.DispatchWaitingAsync(d, ct);
        logger.LogInformation("Steward roster ensured: {Created} created", created);
        return created;
    }
}
