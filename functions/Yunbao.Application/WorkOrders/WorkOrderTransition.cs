using Yunbao.Domain.WorkOrders;
using Yunbao.Contracts.Geo;

namespace Yunbao.Application.WorkOrders;

public sealed record WorkOrderTransition
{
    public required string DistrictId { get; init; }
    public required string WorkOrderId { get; init; }
    public required WorkOrderAction Action { get; init; }
    public required Actor By { get; init; }
    /// <summary>The ETag the caller last saw (an If-Match value or a bare ETag). Null only for system callers that re-read.</summary>
    public string? IfMatch { get; init; }
    public string? StewardId { get; init; }
    public GeoPoint? Where { get; init; }
    public string? Note { get; init; }
    public IReadOnlyList<string> Evidence { get; init; } = [];
    /// <summary>True for requests from people through the API: <see cref="TransitionPolicy"/> decides whether <see cref="By"/> may make the change.</summary>
    public bool CheckCallerPolicy { get; init; }
}
