using Microsoft.AspNetCore.Http;
using Yunbao.Application.Ports;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Functions.Http;

/// <summary>A page of orders as HTTP: the store's continuation token wrapped by <see cref="ContinuationTokens"/>, a next link and a Link header.</summary>
public static class WorkOrderPages
{
    public static ApiResult ToHttp(HttpRequest req, WorkOrderQuery query, Page<WorkOrder> page)
    {
        var token = page.ContinuationToken is { } storeToken ? ContinuationTokens.Encode(storeToken, query) : null;
        var next = token is null ? null : RequestParsing.NextLink(req, token);
        var result = ApiResult.Json(new WorkOrderPageResource(page.Items.Select(WorkOrderResource.From).ToList(), token, next));
        return next is null ? result : result.WithHeader("Link", $"<{next}>; rel=\"next\"");
    }
}
