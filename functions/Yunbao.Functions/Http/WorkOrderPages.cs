using System.Security.Cryptography;
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
        // The page's own tag: a poll that sends it back in If-None-Match gets 304 with no body when nothing on the page changed.
        var etag = "W/\"" + Convert.ToBase64String(SHA256.HashData(result.Body.Span)[..12]).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
        if (req.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag)))
            return new ApiResult(StatusCodes.Status304NotModified, ReadOnlyMemory<byte>.Empty, null).WithHeader("ETag", etag);
        result.WithHeader("ETag", etag);
        return next is null ? result : result.WithHeader("Link", $"<{next}>; rel=\"next\"");
    }
}
