namespace Yunbao.Domain.WorkOrders;

/// <summary>Thrown when a transition is not allowed from the current state; Reason says why in words a user understands.</summary>
public sealed class InvalidTransitionException(WorkOrderStatus from, string action, string reason)
    : InvalidOperationException($"Cannot {action} a work order that is {from}: {reason}")
{
    public WorkOrderStatus From { get; } = from;
    public string Action { get; } = action;
    public string Reason { get; } = reason;
}
