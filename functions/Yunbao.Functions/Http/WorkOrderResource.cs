using Yunbao.Domain.Catalog;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Functions.Http;

/// <summary>A work order as the API shows it. <see cref="Simulated"/> is true for orders that came from simulation.</summary>
public sealed record WorkOrderResource(
    string Id, string DistrictId, string Category, Severity Severity, WorkOrderStatus Status, LocationResource Location,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset LastSeenAt, int OccurrenceCount,
    IReadOnlyList<string> IncidentIds, string? AssignedStewardId, DateTimeOffset DispatchDueAt, DateTimeOffset ResolveDueAt,
    bool Congestion, bool Simulated, string Source, IReadOnlyList<WorkOrderEventResource> Events, string? ETag)
{
    public static WorkOrderResource From(WorkOrder o) => new(
        o.Id, o.DistrictId, o.CategoryCode, o.Severity, o.Status, LocationResource.From(o.Location),
        o.CreatedAt, o.UpdatedAt, o.LastSeenAt, o.OccurrenceCount, o.IncidentIds, o.AssignedStewardId,
        o.DispatchDueAt, o.ResolveDueAt, o.Congestion, o.Simulated, o.Source,
        o.Events.Select(e => new WorkOrderEventResource(e.Type, e.From, e.To, e.By.Id, e.By.Role, e.At,
            e.Where is { } w ? LocationResource.From(w) : null, e.Note, e.Evidence)).ToList(),
        o.ETag is null ? null : ETags.ToHeader(o.ETag));
}
