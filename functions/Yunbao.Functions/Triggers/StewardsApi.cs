using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Stewards;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>The steward app's heartbeat: where the steward is and whether they take orders.</summary>
public sealed class StewardsApi(StewardService stewards, HttpApi api, IOptions<DistrictOptions> district)
{
    [Function("ReportStewardLocation")]
    public Task<IActionResult> ReportLocation([HttpTrigger(AuthorizationLevel.Function, "post", Route = "stewards/{id}/location")] HttpRequest req, string id, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            if (!caller.IsInRole(Roles.Dispatcher) && caller.Id != id) return Problems.Forbidden(req, $"A steward may only report their own location, not {id}'s.");
            var errors = new Dictionary<string, string[]>();
            var body = await RequestParsing.ReadJsonAsync<StewardLocationRequest>(req, errors, ct);
            var where = body is null ? null : RequestParsing.ParsePoint(body.Lon, body.Lat, errors, required: true);
            if (errors.Count > 0 || where is null) return Problems.Validation(req, errors);

            var s = await stewards.ReportLocationAsync(district.Value.DistrictId, id, where.Value, body!.Available, ct);
            return ApiResult.Json(new StewardResource(s.Id, s.DistrictId, s.Name, LocationResource.From(s.Location), s.LastSeenAt, s.Available, s.ActiveOrderIds, s.Capacity));
        }, Roles.Dispatcher, Roles.Steward);
}
