using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

/// <summary>What a transition request came to. The cases are the answers a caller can get; an HTTP endpoint maps each to one status.</summary>
public abstract record TransitionOutcome
{
    private TransitionOutcome() { }

    /// <summary>Stored; <paramref name="Order"/> is the order as it is now (after any follow-up dispatch).</summary>
    public sealed record Ok(WorkOrder Order) : TransitionOutcome;

    /// <summary>No such order in the district.</summary>
    public sealed record NotFound(string Message) : TransitionOutcome;

    /// <summary>The caller may not make this change to this order.</summary>
    public sealed record Forbidden(string Reason) : TransitionOutcome;

    /// <summary>The order changed since the caller read it (If-Match stale, or another writer won the replace). <paramref name="CurrentETag"/>: what to read again.</summary>
    public sealed record Stale(string? CurrentETag, string Message) : TransitionOutcome;

    /// <summary>The state machine refuses the change from the order's current state.</summary>
    public sealed record Invalid(WorkOrderStatus From, string Action, string Reason, string Message) : TransitionOutcome
    {
        public static Invalid Of(InvalidTransitionException e) => new(e.From, e.Action, e.Reason, e.Message);
    }
}
