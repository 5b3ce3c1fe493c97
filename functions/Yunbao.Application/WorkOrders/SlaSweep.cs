using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application.Ports;
using Yunbao.Domain.Dispatch;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

/// <summary>The SLA timer's work: escalate overdue orders, reassign dispatches not accepted in time, dispatch waiting orders, close verified ones.</summary>
public sealed class SlaSweep(
    IWorkOrderRepository orders,
    IStewardRepository stewards,
    StewardDispatch dispatch,
    NearestStewardDispatcher dispatcher,
    TimeProvider clock,
    IOptions<DistrictOptions> district,
    ILogger<SlaSweep> logger)
{
    /// <summary>The SLA sweep for the configured district (what the timer function calls).</summary>
    public Task<SlaEnforcementResult> EnforceSlasAsync(CancellationToken ct) => EnforceSlasAsync(district.Value.DistrictId, ct);

    /// <summary>Escalates overdue orders, reassigns dispatches not accepted in time, and dispatches waiting orders.</summary>
    public async Task<SlaEnforcementResult> EnforceSlasAsync(string districtId, CancellationToken ct)
    {
        int escalated = 0, reassigned = 0;
        var now = clock.GetUtcNow();
        var roster = await stewards.ListAsync(districtId, ct);
        foreach (var order in await orders.ListAllAsync(districtId, WorkOrderListing.ActiveStatuses, ct))
        {
            try
            {
                if (order.AcceptanceOverdue(now))
                {
                    if (dispatcher.ChooseReassignment(order, roster, now, dispatch.HeardSince) is { } next)
                    {
                        if (await dispatch.DispatchAsync(order, next, Actor.System, ct) is not null) { reassigned++; roster = await stewards.ListAsync(districtId, ct); }
                        continue;
                    }
                    await ApplyAsync(order, o => o.Escalate(now, $"steward {o.AssignedStewardId} did not accept within {o.DispatchSlaMinutes} min and no other steward is free"), ct);
                    escalated++;
                    continue;
                }
                if (order.OverdueReason(now) is { } reason)
                {
                    await ApplyAsync(order, o => o.Escalate(now, reason), ct);
                    escalated++;
                    logger.LogWarning("Work order {WorkOrderId} in {DistrictId} escalated: {Reason}", order.Id, districtId, reason);
                }
            }
            catch (Exception e) when (e is ConcurrencyConflictException or InvalidTransitionException)
            {
                // Someone moved the order meanwhile; the next sweep sees its new state.
                logger.LogDebug("SLA sweep skipped {WorkOrderId}: {Reason}", order.Id, e.Message);
            }
        }
        var dispatched = await dispatch.DispatchWaitingAsync(districtId, ct);
        var closed = await CloseVerifiedAsync(districtId, now, ct);
        return new SlaEnforcementResult(escalated, reassigned, dispatched, closed);
    }

    /// <summary>Closes orders verified at least AutoCloseVerifiedAfterMinutes ago: the last step of the loop needs nobody.</summary>
    private async Task<int> CloseVerifiedAsync(string districtId, DateTimeOffset now, CancellationToken ct)
    {
        var after = district.Value.AutoCloseVerifiedAfterMinutes;
        if (after < 0) return 0;
        var closed = 0;
        foreach (var order in await orders.ListAllAsync(districtId, [WorkOrderStatus.Verified], ct))
        {
            if (order.Events.LastOrDefault(e => e.Type == WorkOrderEventTypes.Verified) is not { } verified || now < verified.At.AddMinutes(after)) continue;
            try
            {
                await ApplyAsync(order, o => o.Close(Actor.System, now, FormattableString.Invariant($"closed automatically {after} min after verification")), ct);
                closed++;
            }
            catch (Exception e) when (e is ConcurrencyConflictException or InvalidTransitionException)
            {
                logger.LogDebug("Auto-close skipped {WorkOrderId}: {Reason}", order.Id, e.Message);
            }
        }
        return closed;
    }

    /// <summary>Applies a system transition to the copy the sweep read; a conflict means someone moved it, and the next sweep looks again.</summary>
    private Task ApplyAsync(WorkOrder order, Action<WorkOrder> transition, CancellationToken ct)
    {
        var previous = order.AssignedStewardId;
        transition(order);
        return dispatch.SaveAsync(order, previous, ct);
    }
}
