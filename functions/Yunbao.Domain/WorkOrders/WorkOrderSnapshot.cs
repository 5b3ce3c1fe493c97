using Yunbao.Domain.Catalog;
using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.WorkOrders;

/// <summary>
/// Everything a <see cref="WorkOrder"/> is, as one immutable value: what a store persists and what
/// <see cref="WorkOrder.Rehydrate"/> rebuilds the aggregate from. The aggregate keeps its state in exactly
/// this record, so a field added here is stored, copied and read back everywhere without anyone copying it by hand.
/// </summary>
public sealed record WorkOrderSnapshot
{
    public required string Id { get; init; }
    public required string DistrictId { get; init; }
    public required string CategoryCode { get; init; }
    public required Severity Severity { get; init; }
    public required GeoPoint Location { get; init; }
    public WorkOrderStatus Status { get; init; } = WorkOrderStatus.Detected;
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public int OccurrenceCount { get; init; } = 1;
    public IReadOnlyList<string> IncidentIds { get; init; } = [];
    public string? AssignedStewardId { get; init; }
    public DateTimeOffset DispatchDueAt { get; init; }
    public DateTimeOffset ResolveDueAt { get; init; }
    public bool Congestion { get; init; }
    public bool Simulated { get; init; }
    public string Source { get; init; } = "";
    public IReadOnlyList<WorkOrderEvent> Events { get; init; } = [];
    /// <summary>
    /// The ops-events outbox, kept in the order document: Events[..PublishedEventCount] are published to `ops-events`,
    /// the rest wait for the publisher (so a transition never waits for, or fails with, Event Hubs).
    /// </summary>
    public int PublishedEventCount { get; init; }
    /// <summary>Opaque concurrency token of the stored document (null before the first save).</summary>
    public string? ETag { get; init; }
}
