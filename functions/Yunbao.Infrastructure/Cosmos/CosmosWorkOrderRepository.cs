using Microsoft.Azure.Cosmos;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Application.Ports;
using Yunbao.Domain.Geo;
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
        ETag = ETag,
    });
}

/// <summary>Work orders in the `workorders` container: create-only (409 → false) and replace with If-Match (412 → conflict), as the port documents.</summary>
public sealed class CosmosWorkOrderRepository(Container container) : IWorkOrderRepository
{
    private static readonly string[] OpenStatuses = Enum.GetValues<WorkOrderStatus>()
        .Where(WorkOrder.IsOpenStatus)
        .Select(CosmosEnum.Text).ToArray();

    public async Task<WorkOrder?> GetAsync(string districtId, string id, CancellationToken ct) =>
        (await container.ReadOrNullAsync<WorkOrderDocument>(districtId, id, ct))?.ToDomain();

    public async Task<bool> TryCreateAsync(WorkOrder order, CancellationToken ct)
    {
        var (created, etag) = await container.TryCreateAsync(WorkOrderDocument.From(order), order.DistrictId, ct);
        if (created) order.MarkStored(etag);
        return created;
    }

    public async Task ReplaceAsync(WorkOrder order, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(order.ETag))
            throw new InvalidOperationException($"Work order '{order.Id}' has no ETag: read it before replacing it.");
        order.MarkStored(await container.ReplaceIfMatchAsync(WorkOrderDocument.From(order), order.Id, order.DistrictId, order.ETag, "Work order", ct));
    }

    public async Task<Page<WorkOrder>> QueryAsync(WorkOrderQuery query, CancellationToken ct)
    {
        var q = new DistrictQuery(query.DistrictId);
        if (query.Statuses.Count > 0) q.AndIn("c.status", query.Statuses.Select(CosmosEnum.Text).ToList());
        if (!string.IsNullOrEmpty(query.CategoryCode)) q.And("c.categoryCode = {0}", query.CategoryCode);
        if (!string.IsNullOrEmpty(query.StewardId)) q.And("c.assignedStewardId = {0}", query.StewardId);
        if (query.Bounds is { } b)
            q.And("c.lon >= {0} AND c.lon <= {1} AND c.lat >= {2} AND c.lat <= {3}", b.West, b.East, b.South, b.North);
        if (query.Since is { } since) q.And("c.updatedAtMs >= {0}", CosmosTime.Ms(since));
        // Newest first by creation: a stable key, so an order updated while someone pages does not move between pages.
        q.OrderBy("c.createdAtMs", descending: true);

        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        var (items, continuation) = await container.QueryPageAsync<WorkOrderDocument>(q, pageSize, query.ContinuationToken, ct);
        return new Page<WorkOrder>(items.Select(d => d.ToDomain()).ToList(), continuation);
    }

    public async Task<IReadOnlyList<WorkOrder>> ListOpenAsync(string districtId, string categoryCode, CancellationToken ct)
    {
        var q = new DistrictQuery(districtId).And("c.categoryCode = {0}", categoryCode).AndIn("c.status", OpenStatuses);
        return (await container.QueryListAsync<WorkOrderDocument>(q, ct)).Select(d => d.ToDomain()).ToList();
    }
}

internal static class CosmosEnum
{
    /// <summary>An enum as stored (camelCase string, per CosmosClientFactory.SerializerOptions).</summary>
    public static string Text<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonSerializer.Serialize(value, CosmosClientFactory.SerializerOptions).Trim('"');
}
