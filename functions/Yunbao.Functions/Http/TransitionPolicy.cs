using Yunbao.Application.Detection;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Stewards;
using Yunbao.Application.Telemetry;
using Yunbao.Application.WorkOrders;
using Yunbao.Application;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Functions.Http;

/// <summary>Who may move a work order: a dispatcher anything, a steward only orders assigned to them and only field actions.</summary>
public static class TransitionPolicy
{
    private static readonly HashSet<WorkOrderAction> StewardActions =
        [WorkOrderAction.Accept, WorkOrderAction.Start, WorkOrderAction.Resolve, WorkOrderAction.Reject];

    public static string? Deny(ClientPrincipal caller, WorkOrder order, WorkOrderAction action)
    {
        if (caller.IsInRole(Roles.Dispatcher)) return null;
        if (!caller.IsInRole(Roles.Steward)) return "Only a dispatcher or the assigned steward may change a work order.";
        if (order.AssignedStewardId != caller.Id) return $"Work order {order.Id} is not assigned to steward {caller.Id}.";
        if (!StewardActions.Contains(action)) return $"A steward may only {string.Join(", ", StewardActions.Select(a => ApiJson.EnumText(a)))}; '{ApiJson.EnumText(action)}' needs a dispatcher.";
        return null;
    }
}
