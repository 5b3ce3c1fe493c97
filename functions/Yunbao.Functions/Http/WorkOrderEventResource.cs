using Yunbao.Domain.WorkOrders;

namespace Yunbao.Functions.Http;

public sealed record WorkOrderEventResource(string Type, WorkOrderStatus From, WorkOrderStatus To, string By, string ByRole,
    DateTimeOffset At, LocationResource? Where, string? Note, IReadOnlyList<string> Evidence);
