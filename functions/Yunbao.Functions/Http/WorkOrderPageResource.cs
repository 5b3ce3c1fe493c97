using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Functions.Http;

public sealed record WorkOrderPageResource(IReadOnlyList<WorkOrderResource> Items, string? ContinuationToken, string? Next);
