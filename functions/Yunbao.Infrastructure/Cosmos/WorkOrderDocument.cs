using Microsoft.Azure.Cosmos;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Infrastructure.Cosmos;

public sealed record WorkOrderDocument : CosmosDocument
{
    public required string CategoryCode { get; init; }
    public Severity Severity { get; init; }
    public required GeoJsonPoint Location { get; init; }
    public double Lon { get; init; }
    public double Lat { get; init; }
    public WorkOrderStatus Status { get; init; }
    public bool IsOpen { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public long CreatedAtMs { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long UpdatedAtMs { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public int OccurrenceCount { get; init; }
    public List<string> IncidentIds { get; init; } = [];
    public string? AssignedStewardId { get; init; }
    public DateTimeOffset DispatchDueAt { get; init; }
    public DateTimeOffset ResolveDueAt { get; init; }
    public bool Congestion { get; init; }
    public bool Simulated { get; init; }
    public string Source { get; init; } = "";
    public List<WorkOrderEvent> Events { get; init; } = [];
    public int PublishedEventCount { get; init; }
    /// <summary>Top-level flag so the ops-events publisher finds outbox entries with a plain equality filter.</summary>
    public bool OpsEventsPending { get; init; }

    public static WorkOrderDocument From(WorkOrder order) => From(order.ToSnapshot());

    public static WorkOrderDocument From(WorkOrderSnapshot o) => new()
    {
        Id = o.Id,
        DistrictId = o.DistrictId,
        CategoryCode = o.CategoryCode,
        Severity = o.Severity,
        Location = GeoJsonPoint.From(o.Location),
        Lon = o.Location.Lon,
        Lat = o.Location.Lat,
        Status = o.Status,
        IsOpen = WorkOrder.IsOpenStatus(o.Status),
        CreatedAt = o.CreatedAt,
        CreatedAtMs = CosmosTime.Ms(o.CreatedAt),
        UpdatedAt = o.UpdatedAt,
        UpdatedAtMs = CosmosTime.Ms(o.UpdatedAt),
        LastSeenAt = o.LastSeenAt,
        OccurrenceCount = o.OccurrenceCount,
        IncidentIds = [.. o.IncidentIds],
        AssignedStewardId = o.AssignedStewardId,
        DispatchDueAt = o.DispatchDueAt,
        ResolveDueAt = o.ResolveDueAt,
        Congestion = o.Congestion,
        Simulated = o.Simulated,
        Source = o.Source,
        Events = [.. o.Events],
        PublishedEventCount = o.PublishedEventCount,
        OpsEventsPending = o.PublishedEventCount < o.Events.Count,
    };

    public WorkOrder ToDomain() => WorkOrder.Rehydrate(new WorkOrderSnapshot
    {
        Id = Id,
        DistrictId = DistrictId,
        CategoryCode = CategoryCode,
        Severity = Severity,
        Location = new GeoPoint(Lon, Lat),
        Status = Status,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        LastSeenAt = LastSeenAt,
        OccurrenceCount = OccurrenceCount,
        IncidentIds = [.. IncidentIds],
        AssignedStewardId = AssignedStewardId,
        DispatchDueAt = DispatchDueAt,
        ResolveDueAt = ResolveDueAt,
        Congestion = Congestion,
        Simulated = Simulated,
        Source = Source,
        Events = [.. Events],
        PublishedEventCount = PublishedEventCount,
        ETag = ETag,
    });
}
