using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Stewards;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>Stewards: registration (dispatcher or operator) and the steward app's heartbeat (the steward themself, registered only).</summary>
public sealed class StewardsApi(StewardService stewards, HttpApi api, IOptions<DistrictOptions> district)
{
    [Function("RegisterSteward")]
    public Task<IActionResult> Register([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "stewards")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async _ =>
        {
            var steward = await StewardRegistrationRequest.ParseAsync(req, district.Value, ct);
            if (await stewards.RegisterAsync(steward, ct) is not { } s) return Problems.Conflict(req, $"Steward {steward.Id} or a steward with that userObjectId is already registered.");
            return ApiResult.Json(StewardResource.From(s), StatusCodes.Status201Created).WithHeader("Location", $"{req.PathBase}{req.Path}/{s.Id}");
        }, Roles.Dispatcher, Roles.Operator);

    [Function("ReportStewardLocation")]
    public Task<IActionResult> ReportLocation([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "stewards/{id}/location")] HttpRequest req, string id, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            RequestParsing.RequireIds((id, "id"));
            if (caller.StewardId != id) return Problems.Forbidden(req, "A steward may only report their own location.");
            var (where, available) = await StewardLocationRequest.ParseAsync(req, district.Value, ct);
            if (await stewards.ReportLocationAsync(district.Value.DistrictId, id, where, available, ct) is not { } s)
                return Problems.NotFound(req, $"No steward {id} is registered in {district.Value.DistrictId}.");
            return ApiResult.Json(StewardResource.From(s));
        }, Roles.Steward);
}
