using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.WorkOrders;
using Yunbao.Functions.Http;
using Yunbao.Contracts;

namespace Yunbao.Functions.Triggers;

/// <summary>Work orders for the dashboard and the steward app: list, get, transition (ETag-guarded).</summary>
public sealed class WorkOrdersApi(WorkOrderQueries workOrders, WorkOrderTransitions transitions, HttpApi api, IOptions<DistrictOptions> district)
{
    private string DistrictId => district.Value.DistrictId;

    [Function("ListWorkOrders")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "workorders")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async _ =>
        {
            var errors = new Dictionary<string, string[]>();
            if (RequestParsing.ParseWorkOrderQuery(req.Query, DistrictId, errors) is not { } query) return Problems.Validation(req, errors);
            var page = await workOrders.QueryAsync(query, ct);
            var next = page.ContinuationToken is { } token ? RequestParsing.NextLink(req, token) : null;
            var result = ApiResult.Json(new WorkOrderPageResource(page.Items.Select(WorkOrderResource.From).ToList(), page.ContinuationToken, next));
            return next is null ? result : result.WithHeader("Link", $"<{next}>; rel=\"next\"");
        }, Roles.Dispatcher, Roles.Steward);

    [Function("GetWorkOrder")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "workorders/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        api.HandleAsync(req, async _ =>
        {
            var order = await workOrders.GetAsync(DistrictId, id, ct);
            if (order is null) return Problems.NotFound(req, $"No work order {id} in district {DistrictId}.");
            return ApiResult.Json(WorkOrderResource.From(order)).WithHeader("ETag", ETags.ToHeader(order.ETag!));
        }, Roles.Dispatcher, Roles.Steward);

    [Function("TransitionWorkOrder")]
    public Task<IActionResult> Transition([HttpTrigger(AuthorizationLevel.Function, "post", Route = "workorders/{id}/transitions")] HttpRequest req, string id, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            if (req.Headers.IfMatch.ToString() is not { Length: > 0 } ifMatch) return Problems.PreconditionRequired(req);
            var errors = new Dictionary<string, string[]>();
            var body = await RequestParsing.ReadJsonAsync<TransitionRequest>(req, errors, ct);
            WorkOrderAction action = default;
            if (body is not null && !YunbaoJson.TryParseEnum(body.Action, out action))
                RequestParsing.Add(errors, "action", $"Expected one of {string.Join(", ", Enum.GetValues<WorkOrderAction>().Select(YunbaoJson.EnumText))}.");
            var where = body is null ? null : RequestParsing.ParsePoint(body.Lon, body.Lat, errors, required: false);
            if (errors.Count > 0) return Problems.Validation(req, errors);

            var outcome = await transitions.TransitionAsync(new WorkOrderTransition
            {
                DistrictId = DistrictId, WorkOrderId = id, Action = action, By = caller.ToActor(), CheckCallerPolicy = true,
                IfMatch = ifMatch, StewardId = body!.StewardId, Where = where, Note = body.Note, Evidence = body.Evidence ?? [],
            }, ct);
            return TransitionResults.ToHttp(req, id, ifMatch, outcome);
        }, Roles.Dispatcher, Roles.Steward);
}
