using Yunbao.Application.Detection;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Stewards;
using Yunbao.Application.Telemetry;
using Yunbao.Application.WorkOrders;
using Yunbao.Application;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Ports;

public interface IWorkOrderRepository
{
    Task<WorkOrder?> GetAsync(string districtId, string id, CancellationToken ct);
    /// <summary>Creates the order; returns false when an order with the same id already exists.</summary>
    Task<bool> TryCreateAsync(WorkOrder order, CancellationToken ct);
    /// <summary>Replaces the stored order if its ETag still equals order.ETag; updates order.ETag. Throws <see cref="ConcurrencyConflictException"/> otherwise.</summary>
    Task ReplaceAsync(WorkOrder order, CancellationToken ct);
    Task<Page<WorkOrder>> QueryAsync(WorkOrderQuery query, CancellationToken ct);
    /// <summary>Open orders of one category in a district (dedupe candidates).</summary>
    Task<IReadOnlyList<WorkOrder>> ListOpenAsync(string districtId, string categoryCode, CancellationToken ct);
}
