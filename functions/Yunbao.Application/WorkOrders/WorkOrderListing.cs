using Yunbao.Application.Ports;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

internal static class WorkOrderListing
{
    public static readonly WorkOrderStatus[] ActiveStatuses =
        [WorkOrderStatus.Detected, WorkOrderStatus.Dispatched, WorkOrderStatus.Accepted, WorkOrderStatus.InProgress, WorkOrderStatus.Escalated];

    /// <summary>Every order of a district in the given states, all pages.</summary>
    public static async Task<List<WorkOrder>> ListAllAsync(this IWorkOrderRepository orders, string districtId, IReadOnlyList<WorkOrderStatus> statuses, CancellationToken ct)
    {
        var all = new List<WorkOrder>();
        string? token = null;
        do
        {
            var page = await orders.QueryAsync(new WorkOrderQuery { DistrictId = districtId, Statuses = statuses, PageSize = 200, ContinuationToken = token }, ct);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        } while (token is not null);
        return all;
    }
}
