using Yunbao.Domain.WorkOrders;
using Yunbao.Contracts;

namespace Yunbao.Application.WorkOrders;

/// <summary>Who may move a work order through the API: a dispatcher anything, a steward only orders assigned to them and only field actions.</summary>
public static class TransitionPolicy
{
    private static readonly WorkOrderAction[] StewardActions =
        [WorkOrderAction.Accept, WorkOrderAction.Start, WorkOrderAction.Resolve, WorkOrderAction.Reject];

    /// <summary>Why <paramref name="caller"/> may not apply <paramref name="action"/> to <paramref name="order"/>, or null when they may.</summary>
    public static string? Deny(Actor caller, WorkOrder order, WorkOrderAction action)
    {
        if (caller.Role == ActorRoles.Dispatcher) return null;
        if (caller.Role != ActorRoles.Steward) return "Only a dispatcher or the assigned steward may change a work order.";
        if (order.AssignedStewardId != caller.Id) return $"Work order {order.Id} is not assigned to steward {caller.Id}.";
        if (!StewardActions.Contains(action)) return $"A steward may only {string.Join(", ", StewardActions.Select(Text))}; '{Text(action)}' needs a dispatcher.";
        return null;
    }

    // The API's spelling of actions (snake_case), so the reason reads like the request the caller sent.
    private static string Text(WorkOrderAction a) => YunbaoJson.EnumText(a);
}
