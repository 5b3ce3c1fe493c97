using Yunbao.Domain.WorkOrders;
using Yunbao.Contracts;

namespace Yunbao.Application.WorkOrders;

/// <summary>
/// Who may move a work order through the API. A dispatcher may apply any action (what they record for a steward is
/// recorded as done by the dispatcher); a steward only field actions on orders assigned to them, and never a
/// rejection: a steward proposes one (<see cref="WorkOrderAction.ProposeReject"/>) and a dispatcher decides.
/// Everyone else (citizens, operators) changes no order.
/// </summary>
public static class TransitionPolicy
{
    private static readonly WorkOrderAction[] StewardActions =
        [WorkOrderAction.Accept, WorkOrderAction.Start, WorkOrderAction.Resolve, WorkOrderAction.ProposeReject];

    /// <summary>Why <paramref name="caller"/> may not apply <paramref name="action"/> to <paramref name="order"/>, or null when they may.</summary>
    public static string? Deny(Actor caller, WorkOrder order, WorkOrderAction action)
    {
        if (caller.Role == ActorRoles.Dispatcher) return null;
        if (caller.Role != ActorRoles.Steward) return "Only a dispatcher or the assigned steward may change a work order.";
        if (order.AssignedStewardId != caller.Id) return $"Work order {order.Id} is not assigned to steward {caller.Id}.";
        if (action == WorkOrderAction.Reject) return "Only a dispatcher rejects an order; a steward may propose it with 'propose_reject' and a reason in 'note'.";
        if (!StewardActions.Contains(action)) return $"A steward may only {string.Join(", ", StewardActions.Select(Text))}; '{Text(action)}' needs a dispatcher.";
        return null;
    }

    /// <summary>Whether <paramref name="caller"/> may read <paramref name="order"/>: a dispatcher every order, a steward the orders assigned to them.</summary>
    public static bool MayRead(Actor caller, WorkOrder order) =>
        caller.Role == ActorRoles.Dispatcher || (caller.Role == ActorRoles.Steward && order.AssignedStewardId == caller.Id);

    // The API's spelling of actions (snake_case), so the reason reads like the request the caller sent.
    private static string Text(WorkOrderAction a) => YunbaoJson.EnumText(a);
}
