
namespace Yunbao.Functions.Http;

public sealed record WorkOrderPageResource(IReadOnlyList<WorkOrderResource> Items, string? ContinuationToken, string? Next);
