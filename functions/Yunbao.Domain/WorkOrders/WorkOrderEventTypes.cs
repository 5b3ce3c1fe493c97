namespace Yunbao.Domain.WorkOrders;

/// <summary>Event type names appended to <see cref="WorkOrder.Events"/>.</summary>
public static class WorkOrderEventTypes
{
    public const string Detected = "detected";
    public const string Dispatched = "dispatched";
    public const string Reassigned = "reassigned";
    public const string Accepted = "accepted";
    public const string Started = "started";
    public const string Resolved = "resolved";
    public const string Verified = "verified";
    public const string Closed = "closed";
    public const string Rejected = "rejected";
    public const string Escalated = "escalated";
    public const string Reopened = "reopened";
    public const string Occurrence = "occurrence";
    /// <summary>A steward proposed rejecting the order as a false alarm; the state is unchanged until a dispatcher decides.</summary>
    public const string RejectionProposed = "rejection_proposed";
}
