using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Ports;

/// <summary>Work orders in the `workorders` container (partition key /districtId). No write overwrites blindly.</summary>
public interface IWorkOrderRepository
{
    Task<WorkOrder?> GetAsync(string districtId, string id, CancellationToken ct);
    /// <summary>Create-only: returns false (and changes nothing) when an order with the same id exists (409); on success marks the order stored with its new ETag.</summary>
    Task<bool> TryCreateAsync(WorkOrder order, CancellationToken ct);
    /// <summary>
    /// Replace with If-Match: writes only if the stored ETag still equals order.ETag (which must be set), then marks
    /// the order stored with the new ETag. Throws <see cref="ConcurrencyConflictException"/> when it changed (412) or is gone.
    /// </summary>
    Task ReplaceAsync(WorkOrder order, CancellationToken ct);
    /// <summary>One page of orders matching the query, newest first by creation (a stable order for paging).</summary>
    Task<Page<WorkOrder>> QueryAsync(WorkOrderQuery query, CancellationToken ct);
    /// <summary>Open orders of one category in a district (dedupe candidates).</summary>
    Task<IReadOnlyList<WorkOrder>> ListOpenAsync(string districtId, string categoryCode, CancellationToken ct);
    /// <summary>Up to <paramref name="max"/> orders of a district whose history has events not yet published to ops-events.</summary>
    Task<IReadOnlyList<WorkOrder>> ListWithUnpublishedEventsAsync(string districtId, int max, CancellationToken ct);
}
