using Yunbao.Domain.Geo;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Ports;

public sealed record WorkOrderQuery
{
    public required string DistrictId { get; init; }
    public IReadOnlyList<WorkOrderStatus> Statuses { get; init; } = [];
    public string? CategoryCode { get; init; }
    public string? StewardId { get; init; }
    public GeoBounds? Bounds { get; init; }
    public DateTimeOffset? Since { get; init; }
    public int PageSize { get; init; } = 50;
    public string? ContinuationToken { get; init; }
    /// <summary>
    /// True: the caller reads a set and needs no order (no ORDER BY: on the Cosmos stand-in it costs as much as the
    /// query). Only for a single page read whole; paging needs the stable newest-first order.
    /// </summary>
    public bool Unordered { get; init; }
}
