using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.WorkOrders;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>Work orders for the dashboard and the steward app: list, get, transition (ETag-guarded). A steward sees only their own orders.</summary>
public sealed class WorkOrdersApi(WorkOrderQueries workOrders, WorkOrderTransitions transitions, HttpApi api, IOptions<DistrictOptions> district)
{
    [Function("ListWorkOrders")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workorders")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            var errors = new Dictionary<string, string[]>();
            if (RequestParsing.ParseWorkOrderQuery(req.Query, district.Value, caller.StewardId, errors) is not { } query) return Problems.Validation(req, errors);
            return WorkOrderPages.ToHttp(req, query, await workOrders.QueryAsync(query, ct));
        }, Roles.Dispatcher, Roles.Steward);

    [Function("GetWorkOrder")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workorders/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            RequestParsing.RequireIds((id, "id"));
            var order = await workOrders.GetAsync(district.Value.DistrictId, id, ct);
            if (order is null || !TransitionPolicy.MayRead(caller.ToActor(), order)) return Problems.NotFound(req, $"No work order {id} for you in district {district.Value.DistrictId}.");
            return ApiResult.Json(WorkOrderResource.From(order)).WithHeader("ETag", ETags.ToHeader(order.ETag!));
        }, Roles.Dispatcher, Roles.Steward);

    [Function("TransitionWorkOrder")]
    public Task<IActionResult> Transition([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workorders/{id}/transitions")] HttpRequest req, string id, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            RequestParsing.RequireIds((id, "id"));
            if (req.Headers.IfMatch.ToString() is not { Length: > 0 } ifMatch) return Problems.PreconditionRequired(req);
            var transition = await TransitionRequest.ParseAsync(req, district.Value, id, ifMatch, caller.ToActor(), ct);
            return TransitionResults.ToHttp(req, id, await transitions.TransitionAsync(transition, ct));
        }, Roles.Dispatcher, Roles.Steward);
}
