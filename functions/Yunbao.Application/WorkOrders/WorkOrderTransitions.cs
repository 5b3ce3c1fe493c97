using Microsoft.Extensions.Logging;
using Yunbao.Application.Ports;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

/// <summary>
/// Moves a work order through its lifecycle on someone's request: reads it once, checks who may (for API
/// callers), checks the caller's ETag, applies the transition and stores it guarded by that ETag, then lets
/// dispatch follow (an order waiting again is dispatched, a steward with room again takes a waiting order).
/// </summary>
public sealed class WorkOrderTransitions(
    IWorkOrderRepository orders,
    IStewardRepository stewards,
    StewardDispatch dispatch,
    ResolvedOrderIndex resolvedOrders,
    TimeProvider clock,
    ILogger<WorkOrderTransitions> logger)
{
    /// <summary>Applies a transition. Dispatch without a steward picks the nearest free one.</summary>
    public async Task<TransitionOutcome> TransitionAsync(WorkOrderTransition t, CancellationToken ct)
    {
        var order = await orders.GetAsync(t.DistrictId, t.WorkOrderId, ct);
        if (order is null) return new TransitionOutcome.NotFound($"No work order {t.WorkOrderId} in district {t.DistrictId}.");
        if (t.CheckCallerPolicy && TransitionPolicy.Deny(t.By, order, t.Action) is { } denied) return new TransitionOutcome.Forbidden(denied);
        if (t.IfMatch is not null && !EntityTags.Matches(t.IfMatch, order.ETag))
            return new TransitionOutcome.Stale(order.ETag, $"Work order {order.Id} changed since it was read: read it again and retry with its current ETag.");
        try
        {
            return new TransitionOutcome.Ok(await ApplyAsync(order, t, ct));
        }
        catch (InvalidTransitionException e)
        {
            return TransitionOutcome.Invalid.Of(e);
        }
        catch (ConcurrencyConflictException e)
        {
            var current = await orders.GetAsync(t.DistrictId, t.WorkOrderId, ct);
            return new TransitionOutcome.Stale(current?.ETag, e.Message + " Read it again and retry with the new ETag.");
        }
    }

    private async Task<WorkOrder> ApplyAsync(WorkOrder order, WorkOrderTransition t, CancellationToken ct)
    {
        if (t.Action == WorkOrderAction.Dispatch)
        {
            Steward? target = null;
            if (t.StewardId is not null)
                target = await stewards.GetAsync(t.DistrictId, t.StewardId, ct)
                    ?? throw new InvalidTransitionException(order.Status, "dispatch", $"steward {t.StewardId} is unknown in {t.DistrictId}");
            return await dispatch.DispatchAsync(order, target, t.By, ct)
                ?? throw new InvalidTransitionException(order.Status, "dispatch", "no steward with spare capacity is available");
        }

        var now = clock.GetUtcNow();
        var previousSteward = order.AssignedStewardId;
        // Accept and start are the assigned steward's: an API caller who is a steward is that steward; a dispatcher records
        // it for the assigned steward and the event names the dispatcher. Only trusted in-process callers name a steward.
        var stewardId = t.By.Role == ActorRoles.Steward ? t.By.Id
            : t.CheckCallerPolicy ? previousSteward ?? ""
            : t.StewardId ?? t.By.Id;
        var recordedBy = t.By.Role == ActorRoles.Steward || !t.CheckCallerPolicy ? null : t.By;
        switch (t.Action)
        {
            case WorkOrderAction.Accept: order.Accept(stewardId, now, t.Where, recordedBy); break;
            case WorkOrderAction.Start: order.Start(stewardId, now, t.Where, t.Note, recordedBy); break;
            case WorkOrderAction.ProposeReject: order.ProposeRejection(t.By, now, t.Note ?? "", t.Where, t.Evidence); break;
            case WorkOrderAction.Resolve: order.Resolve(t.By, now, t.Note, t.Evidence, t.Where); break;
            case WorkOrderAction.Verify: order.Verify(t.By, now, t.Note, t.Evidence, t.Where); break;
            case WorkOrderAction.Close: order.Close(t.By, now, t.Note); break;
            case WorkOrderAction.Reject: order.Reject(t.By, now, t.Note ?? ""); break;
            case WorkOrderAction.Escalate: order.Escalate(now, string.IsNullOrWhiteSpace(t.Note) ? $"escalated by {t.By.Id}" : t.Note, t.By); break;
            case WorkOrderAction.Reopen: order.Reopen(t.By, now, t.Note, t.Where, t.Evidence); break;
            default: throw new ArgumentOutOfRangeException(nameof(t), t.Action, "Unknown work-order action.");
        }
        await dispatch.SaveAsync(order, previousSteward, ct);
        resolvedOrders.Observe(order);
        logger.LogInformation("Work order {WorkOrderId} in {DistrictId}: {Action} by {ActorId} → {Status}", order.Id, order.DistrictId, t.Action, t.By.Id, order.Status);

        try
        {
            if (order.AwaitsDispatch)
                order = await dispatch.DispatchAsync(order, null, Actor.System, ct) ?? order;
            else if (previousSteward is not null && !order.OccupiesSteward)
                await dispatch.DispatchWaitingAsync(order.DistrictId, ct); // the steward has room again
        }
        catch (ConcurrencyConflictException e)
        {
            // The transition itself is stored; the SLA sweep dispatches whatever is still waiting.
            logger.LogWarning("Follow-up dispatch after {Action} of {WorkOrderId} deferred to the SLA sweep: {Reason}", t.Action, order.Id, e.Message);
        }
        return order;
    }
}
