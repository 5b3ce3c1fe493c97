using Microsoft.AspNetCore.Http;
using Yunbao.Application.WorkOrders;

namespace Yunbao.Functions.Http;

/// <summary>The one mapping of a transition's outcome to HTTP: 200 with the new ETag, 404, 403, 412, 422 (problem+json).</summary>
public static class TransitionResults
{
    public static ApiResult ToHttp(HttpRequest req, string id, string ifMatch, TransitionOutcome outcome) => outcome switch
    {
        TransitionOutcome.Ok ok => ApiResult.Json(WorkOrderResource.From(ok.Order)).WithHeader("ETag", ETags.ToHeader(ok.Order.ETag!)),
        TransitionOutcome.NotFound n => Problems.NotFound(req, n.Message),
        TransitionOutcome.Forbidden f => Problems.Forbidden(req, f.Reason),
        TransitionOutcome.Stale { CurrentETag: { } current } when !ETags.Matches(ifMatch, current) =>
            Problems.PreconditionFailed(req, $"Work order {id} is now {ETags.ToHeader(current)}, not {ifMatch}: read it again."),
        TransitionOutcome.Stale s => Problems.PreconditionFailed(req, s.Message),
        TransitionOutcome.Invalid i => Problems.InvalidTransition(req, i.From, i.Action, i.Reason, i.Message),
        _ => throw new InvalidOperationException($"Unmapped transition outcome {outcome}."),
    };
}
