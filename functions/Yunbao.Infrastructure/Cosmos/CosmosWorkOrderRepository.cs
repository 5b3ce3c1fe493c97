using Microsoft.Azure.Cosmos;
using Yunbao.Application.Ports;
using Yunbao.Domain.WorkOrders;
using Yunbao.Contracts;

namespace Yunbao.Infrastructure.Cosmos;

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
        if (!query.Unordered) q.OrderBy("c.createdAtMs", descending: true);

        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        var (items, continuation) = await container.QueryPageAsync<WorkOrderDocument>(q, pageSize, query.ContinuationToken, ct);
        return new Page<WorkOrder>(items.Select(d => d.ToDomain()).ToList(), continuation);
    }

    public async Task<IReadOnlyList<WorkOrder>> ListOpenAsync(string districtId, string categoryCode, CancellationToken ct)
    {
        var q = new DistrictQuery(districtId).And("c.categoryCode = {0}", categoryCode).AndIn("c.status", OpenStatuses);
        return (await container.QueryListAsync<WorkOrderDocument>(q, ct)).Select(d => d.ToDomain()).ToList();
    }

    public async Task<IReadOnlyList<WorkOrder>> ListWithUnpublishedEventsAsync(string districtId, int max, CancellationToken ct)
    {
        var q = new DistrictQuery(districtId).And("c.opsEventsPending = {0}", true);
        var (items, _) = await container.QueryPageAsync<WorkOrderDocument>(q, Math.Clamp(max, 1, 1000), null, ct);
        return items.Select(d => d.ToDomain()).ToList();
    }
}

internal static class CosmosEnum
{
    /// <summary>An enum as stored (camelCase string, per YunbaoJson.Options).</summary>
    public static string Text<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonSerializer.Serialize(value, YunbaoJson.Options).Trim('"');
}
