using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.WorkOrders;

/// <summary>One appended fact in an order's history.</summary>
public sealed record WorkOrderEvent
{
    public required string Type { get; init; }            // "detected", "dispatched", "accepted", ..., "occurrence", "reopened"
    public required WorkOrderStatus From { get; init; }
    public required WorkOrderStatus To { get; init; }
    public required Actor By { get; init; }
    public required DateTimeOffset At { get; init; }
    public GeoPoint? Where { get; init; }
    public string? Note { get; init; }
    public IReadOnlyList<string> Evidence { get; init; } = [];
}
