using Microsoft.AspNetCore.Http;
using Yunbao.Application.WorkOrders;

namespace Yunbao.Functions.Http;

/// <summary>The one mapping of a transition's outcome to HTTP: 200 with the new ETag, 404, 403, 412, 422 (problem+json).</summary>
public static class TransitionResults
{
    public static ApiResult ToHttp(HttpRequest req, string id, TransitionOutcome outcome) => outcome switch
    {
        TransitionOutcome.Ok ok => ApiResult.Json(WorkOrderResource.From(ok.Order)).WithHeader("ETag", ETags.ToHeader(ok.Order.ETag!)),
        TransitionOutcome.NotFound n => Problems.NotFound(req, n.Message),
        TransitionOutcome.Forbidden f => Problems.Forbidden(req, f.Reason),
        // Never echo the caller's If-Match: answer with the current ETag (header and body) to read again.
        TransitionOutcome.Stale { CurrentETag: { } current } => Problems.PreconditionFailed(req,
            $"Work order {id} changed since it was read; its current ETag is {ETags.ToHeader(current)}: read it again and retry with that ETag.",
            ETags.ToHeader(current)).WithHeader("ETag", ETags.ToHeader(current)),
        TransitionOutcome.Stale => Problems.PreconditionFailed(req, $"Work order {id} changed since it was read: read it again and retry with its current ETag."),
        TransitionOutcome.Invalid i => Problems.InvalidTransition(req, i.From, i.Action, i.Reason, i.Message),
        _ => throw new InvalidOperationException($"Unmapped transition outcome {outcome}."),
    };
}
