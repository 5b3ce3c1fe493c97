using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application.Operations;
using Yunbao.Application.Ports;
using Yunbao.Domain.Dispatch;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

/// <summary>
/// Dispatch and reassignment: choose a steward, take a slot of their capacity, write the order; and keep each
/// steward's list of active orders in step when an order stops occupying them.
/// </summary>
/// <remarks>
/// How a steward's load is known: <see cref="Steward.ActiveOrderIds"/> on the steward document, a copy of the
/// orders' state kept consistent by design, not a query over the orders assigned to the steward. Capacity has to
/// hold when two dispatches race for a steward's last slot, and Cosmos DB has no transaction across two documents
/// (TransactionalBatch covers one partition of one container, and the local stand-in does not run it at all). A
/// query would let both racing dispatches count the same free slot; the steward document is the one place both
/// must write, so its ETag lets exactly one take the slot. The copy stays right by two rules: it is only ever
/// recomputed from the orders it names (<see cref="ReconcileAsync"/>), never edited by guesswork, and every step
/// re-reads both documents, so a crash between the two writes is repaired by the next reconcile rather than
/// leaving a slot taken for ever.
/// </remarks>
public sealed class StewardDispatch(
    IWorkOrderRepository orders,
    IStewardRepository stewards,
    NearestStewardDispatcher dispatcher,
    IOptions<StewardPresenceOptions> presence,
    TimeProvider clock,
    ILogger<StewardDispatch> logger)
{
    /// <summary>
    /// Dispatches to <paramref name="steward"/>, or to the nearest free steward when null. The steward's slot is
    /// reserved first (ETag-guarded), so capacity holds under concurrency; if the order write then loses, the
    /// reservation is reconciled away. Returns the dispatched order, or null when nobody is free or someone else
    /// moved the order first. Throws <see cref="ConcurrencyConflictException"/> when a named steward's dispatch
    /// loses the order write, and <see cref="InvalidTransitionException"/> when the order cannot be dispatched.
    /// </summary>
    public async Task<WorkOrder?> DispatchAsync(WorkOrder order, Steward? steward, Actor by, CancellationToken ct)
    {
        var (dispatched, lostOrderWrite) = await OptimisticConcurrency.RetryAsync(async c =>
        {
            var chosen = steward is null
                ? dispatcher.Choose(order, await stewards.ListAsync(order.DistrictId, c), HeardSince, order.AssignedStewardId is { } current && order.Status == WorkOrderStatus.Dispatched ? [current] : null)
                : await stewards.GetAsync(order.DistrictId, steward.Id, c);
            if (chosen is null)
            {
                logger.LogInformation("Work order {WorkOrderId} in {DistrictId} waits: no steward with spare capacity", order.Id, order.DistrictId);
                return ((WorkOrder?)null, false);
            }
            var previous = order.AssignedStewardId;
            var candidate = WorkOrder.Rehydrate(order.ToSnapshot());
            candidate.Dispatch(chosen, clock.GetUtcNow(), by); // validates before anything is written

            // The slot first: a conflict here (another dispatch, a heartbeat) is retried on fresh stewards.
            chosen.ActiveOrderIds.Add(order.Id);
            await stewards.ReplaceAsync(chosen, c);

            try
            {
                await orders.ReplaceAsync(candidate, c);
            }
            catch (ConcurrencyConflictException)
            {
                await ReconcileAsync(order.DistrictId, chosen.Id, null, c);
                return (null, true);
            }
            if (previous is not null && previous != chosen.Id) await ReconcileAsync(order.DistrictId, previous, candidate, c);
            await ReconcileAsync(order.DistrictId, chosen.Id, candidate, c); // re-adds the slot if a concurrent reconcile dropped it
            logger.LogInformation("Work order {WorkOrderId} in {DistrictId} dispatched to steward {StewardId}", candidate.Id, candidate.DistrictId, chosen.Id);
            return (candidate, false);
        }, OptimisticConcurrency.DefaultAttempts, ct);

        if (lostOrderWrite)
        {
            if (steward is not null) throw new ConcurrencyConflictException($"Work order {order.Id} changed while it was being dispatched to {steward.Id}.");
            logger.LogDebug("Work order {WorkOrderId} changed while dispatching; left to its new state", order.Id);
        }
        return dispatched;
    }

    /// <summary>Stewards last heard from before this are stale: never chosen automatically (a dispatcher may still name one).</summary>
    public DateTimeOffset HeardSince => presence.Value.FreshSince(clock.GetUtcNow());

    /// <summary>Dispatches orders waiting for a steward (most severe, then oldest, first) while stewards have room. Returns how many.</summary>
    public async Task<int> DispatchWaitingAsync(string districtId, CancellationToken ct)
    {
        var waiting = (await orders.ListAllAsync(districtId, [WorkOrderStatus.Detected, WorkOrderStatus.Escalated], ct))
            .Where(o => o.AwaitsDispatch)
            .OrderByDescending(o => o.Severity).ThenBy(o => o.CreatedAt)
            .ToList();
        var count = 0;
        foreach (var order in waiting)
        {
            var roster = await stewards.ListAsync(districtId, ct);
            var heardSince = HeardSince;
            if (!roster.Any(s => s.HasCapacity && s.LastSeenAt >= heardSince)) break;
            if (await DispatchAsync(order, null, Actor.System, ct) is not null) count++;
        }
        return count;
    }

    /// <summary>Stores a transition already applied to <paramref name="order"/> (ETag-guarded) and frees the slot of <paramref name="previousSteward"/> if it no longer holds it.</summary>
    public async Task SaveAsync(WorkOrder order, string? previousSteward, CancellationToken ct)
    {
        await orders.ReplaceAsync(order, ct);
        await ReconcileAsync(order.DistrictId, previousSteward, order, ct);
        if (order.AssignedStewardId != previousSteward) await ReconcileAsync(order.DistrictId, order.AssignedStewardId, order, ct);
    }

    /// <summary>
    /// Makes one steward's ActiveOrderIds agree with the orders it names (and with <paramref name="known"/>,
    /// the order just written). Idempotent; retries on conflicts with heartbeats, and gives up with a warning
    /// (the next dispatch or sweep reconciles again) rather than failing the caller's stored change.
    /// </summary>
    public async Task ReconcileAsync(string districtId, string? stewardId, WorkOrder? known, CancellationToken ct)
    {
        if (stewardId is null) return;
        try
        {
            await OptimisticConcurrency.RetryAsync(async c =>
            {
                var steward = await stewards.GetAsync(districtId, stewardId, c);
                if (steward is null) return;
                var keep = new List<string>();
                foreach (var id in steward.ActiveOrderIds.Distinct())
                {
                    var o = known?.Id == id ? known : await orders.GetAsync(districtId, id, c);
                    if (o is not null && o.OccupiesSteward && o.AssignedStewardId == stewardId) keep.Add(id);
                }
                if (known is not null && known.OccupiesSteward && known.AssignedStewardId == stewardId && !keep.Contains(known.Id)) keep.Add(known.Id);
                if (keep.SequenceEqual(steward.ActiveOrderIds)) return;
                steward.ActiveOrderIds.Clear();
                steward.ActiveOrderIds.AddRange(keep);
                await stewards.ReplaceAsync(steward, c);
            }, OptimisticConcurrency.DefaultAttempts, ct);
        }
        catch (ConcurrencyConflictException)
        {
            logger.LogWarning("Steward {StewardId} in {DistrictId}: active orders not reconciled after {Attempts} attempts", stewardId, districtId, OptimisticConcurrency.DefaultAttempts);
        }
    }
}
