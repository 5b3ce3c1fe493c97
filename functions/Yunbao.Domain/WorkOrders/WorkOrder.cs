using Yunbao.Domain.Geo;

namespace Yunbao.Domain.WorkOrders;

public enum WorkOrderStatus { Detected, Dispatched, Accepted, InProgress, Resolved, Verified, Closed, Rejected, Escalated }

/// <summary>Who did a transition: a steward, a dispatcher, the system (rules, SLA timer), a patrol pass.</summary>
public sealed record Actor(string Id, string Role)
{
    public static readonly Actor System = new("system", "system");
}

/// <summary>One appended fact in an order's history.</summary>
public sealed record WorkOrderEvent
{
    public required string Type { get; init; }            // "detected", "dispatched", "accepted", ..., "occurrence", "reopened"
    public required WorkOrderStatus From { get; init; }
    public required WorkOrderStatus To { get; init; }
    public required Actor By { get; init; }
    public required DateTimeOffset At { get; init; }
    public GeoPoint? Where { get; init; }
    public string? Note { get; init; }
    public IReadOnlyList<string> Evidence { get; init; } = [];
}

/// <summary>Thrown when a transition is not allowed from the current state; Reason says why in words a user understands.</summary>
public sealed class InvalidTransitionException(WorkOrderStatus from, string action, string reason)
    : InvalidOperationException($"Cannot {action} a work order that is {from}: {reason}")
{
    public WorkOrderStatus From { get; } = from;
    public string Action { get; } = action;
    public string Reason { get; } = reason;
}

/// <summary>
/// The work order aggregate. Every transition appends a <see cref="WorkOrderEvent"/>; illegal ones throw
/// <see cref="InvalidTransitionException"/>. Concurrency is the repository's job: it replaces the stored
/// document only if its ETag is still <see cref="ETag"/>, so two stewards accepting one order yield one winner.
/// </summary>
public sealed class WorkOrder
{
    public required string Id { get; init; }
    public required string DistrictId { get; init; }
    public required string CategoryCode { get; init; }
    public required Catalog.Severity Severity { get; set; }
    public required GeoPoint Location { get; set; }
    public WorkOrderStatus Status { get; set; } = WorkOrderStatus.Detected;
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public int OccurrenceCount { get; set; } = 1;
    public List<string> IncidentIds { get; init; } = [];
    public string? AssignedStewardId { get; set; }
    public DateTimeOffset DispatchDueAt { get; set; }
    public DateTimeOffset ResolveDueAt { get; set; }
    public bool Congestion { get; set; }
    public bool Simulated { get; set; }
    public string Source { get; set; } = "";
    public List<WorkOrderEvent> Events { get; init; } = [];
    /// <summary>Opaque concurrency token of the stored document (null before first save).</summary>
    public string? ETag { get; set; }

    public bool IsOpen => Status is not (WorkOrderStatus.Closed or WorkOrderStatus.Rejected or WorkOrderStatus.Verified);
}
