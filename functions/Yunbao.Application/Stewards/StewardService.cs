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
    /// Records where a steward is and (optionally) whether they take orders, from their phone's telemetry. A steward
    /// who is not registered is refused (<see cref="UnprocessableInputException"/>: the message goes to -poison with the
    /// reason): registering is a dispatcher's or operator's action, never a side effect of a heartbeat.
    /// When the steward came back with room, waiting orders are dispatched.
    /// </summary>
    public async Task<Steward> HeartbeatAsync(string districtId, string stewardId, GeoPoint where, bool? available, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(stewardId)) throw new UnprocessableInputException("A steward heartbeat needs a steward id.");
        if (!double.IsFinite(where.Lon) || !double.IsFinite(where.Lat) || Math.Abs(where.Lon) > 180 || Math.Abs(where.Lat) > 90)
            throw new UnprocessableInputException($"Steward {stewardId} reported an impossible position {where}.");
        var now = clock.GetUtcNow();
        var (steward, becameAvailable) = await OptimisticConcurrency.RetryAsync(async c =>
        {
            // A dispatch may reserve a slot meanwhile: a conflict re-reads and applies the heartbeat to the new version.
            var s = await stewards.GetAsync(districtId, stewardId, c)
                ?? throw new UnprocessableInputException(
                    $"Steward {stewardId} is not registered in {districtId}: a heartbeat never registers a steward (a dispatcher or operator does, POST /api/stewards).");
            var cameBack = CameBack(s, available);
            s.Location = where;
            s.LastSeenAt = now;
            if (available is { } a) s.Available = a;
            await stewards.ReplaceAsync(s, c);
            return (s, cameBack);
        }, OptimisticConcurrency.DefaultAttempts, ct);
        if (becameAvailable) logger.LogInformation("Steward {StewardId} in {DistrictId} is available again", stewardId, districtId);
        // A steward with room who came back takes waiting orders; the SLA sweep covers the rest.
        if (becameAvailable && steward.HasCapacity && await dispatch.DispatchWaitingAsync(districtId, ct) > 0)
            steward = await stewards.GetAsync(districtId, stewardId, ct) ?? steward;
        return steward;
    }

    /// <summary>
    /// The HTTP heartbeat: updates a steward who is registered (never registers one: that is <see cref="RegisterAsync"/>).
    /// Null when there is no such steward. When the steward came back with room, waiting orders are dispatched.
    /// </summary>
    public async Task<Steward?> ReportLocationAsync(string districtId, string stewardId, GeoPoint where, bool? available, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var result = await OptimisticConcurrency.RetryAsync(async c =>
        {
            if (await stewards.GetAsync(districtId, stewardId, c) is not { } s) return ((Steward?)null, false);
            var cameBack = CameBack(s, available);
            s.Location = where;
            s.LastSeenAt = now;
            if (available is { } a) s.Available = a;
            await stewards.ReplaceAsync(s, c);
            return ((Steward?)s, cameBack);
        }, OptimisticConcurrency.DefaultAttempts, ct);
        if (result.Item1 is not { } steward) return null;
        if (result.Item2 && steward.HasCapacity && await dispatch.DispatchWaitingAsync(districtId, ct) > 0)
            steward = await stewards.GetAsync(districtId, stewardId, ct) ?? steward;
        return steward;
    }

    /// <summary>Back for dispatch with this heartbeat: off duty and now available, or a phone that had gone quiet (stale) reporting again while available.</summary>
    private bool CameBack(Steward before, bool? available) =>
        (available == true && !before.Available) || (before.LastSeenAt < dispatch.HeardSince && (available ?? before.Available));

    /// <summary>
    /// Registers a steward (a dispatcher's or operator's action) with the Entra object id they sign in with. Returns
    /// null when the id, or the user object id, is already registered in the district (nothing is changed then).
    /// </summary>
    public async Task<Steward?> RegisterAsync(Steward steward, CancellationToken ct)
    {
        if (steward.UserObjectId is { } oid && await stewards.FindByUserObjectIdAsync(steward.DistrictId, oid, ct) is not null) return null;
        if (steward.LastSeenAt == default) steward.LastSeenAt = clock.GetUtcNow();
        steward.ETag = null;
        if (!await stewards.TryCreateAsync(steward, ct)) return null;
        logger.LogInformation("Steward {StewardId} registered in {DistrictId}", steward.Id, steward.DistrictId);
        if (steward.HasCapacity) await dispatch.DispatchWaitingAsync(steward.DistrictId, ct);
        return await stewards.GetAsync(steward.DistrictId, steward.Id, ct) ?? steward;
    }

    /// <summary>The steward a signed-in user is (by their Entra object id), or null when they are none.</summary>
    public Task<Steward?> FindByUserAsync(string districtId, string userObjectId, CancellationToken ct) =>
        stewards.FindByUserObjectIdAsync(districtId, userObjectId, ct);

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
