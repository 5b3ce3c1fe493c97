using Yunbao.Application.Ports;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

/// <summary>Reading work orders for the dashboard and the steward app.</summary>
public sealed class WorkOrderQueries(IWorkOrderRepository orders)
{
    public Task<WorkOrder?> GetAsync(string districtId, string id, CancellationToken ct) => orders.GetAsync(districtId, id, ct);

    public Task<Page<WorkOrder>> QueryAsync(WorkOrderQuery query, CancellationToken ct) => orders.QueryAsync(query, ct);
}
