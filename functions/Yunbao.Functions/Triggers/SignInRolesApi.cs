using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Stewards;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>
/// Sign-in as the pages see it. GetRoles is the Static Web Apps rolesSource (staticwebapp.config.json: auth.rolesSource
/// "/api/GetRoles"): SWA calls it once per sign-in with the Entra claims and adds the answer to the user's roles. It is
/// anonymous on purpose: it is a pure function of the claims in the body, and only SWA's own call changes anyone's
/// roles, so a caller who posts invented claims learns the mapping and gains nothing. "me" tells a page who the
/// signed-in caller is (and which steward), from the principal only.
/// </summary>
public sealed class SignInRolesApi(HttpApi api, StewardService stewards, IOptions<SignInRolesOptions> options, IOptions<DistrictOptions> district)
{
    [Function("GetRoles")]
    public Task<IActionResult> GetRoles([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "GetRoles")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async () =>
        {
            var errors = new Dictionary<string, string[]>();
            var body = await RequestParsing.ReadJsonAsync<JsonNode>(req, errors, ct);
            if (errors.Count > 0 || body is null) throw RequestRejectedException.Invalid(errors.Count > 0 ? errors : new() { ["body"] = ["Expected the sign-in's claims."] });
            var roles = SignInRoles.Map(JsonSerializer.SerializeToElement(body), options.Value);
            return ApiResult.Json(new { roles }).WithHeader("Cache-Control", "no-store");
        });

    [Function("GetMe")]
    public Task<IActionResult> Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            // A dispatcher who is also a steward acts as dispatcher on staff routes; the steward page still needs their steward.
            var stewardId = caller.StewardId;
            if (stewardId is null && !caller.IsDevPrincipal && caller.Principal.IsInRole(Roles.Steward))
                stewardId = (await stewards.FindByUserAsync(district.Value.DistrictId, caller.Principal.Id, ct))?.Id;
            return ApiResult.Json(new MeResource(caller.Principal.Id, caller.Principal.Name, [.. caller.Principal.Roles.Order(StringComparer.Ordinal)],
                caller.Role, stewardId, caller.IsDevPrincipal)).WithHeader("Cache-Control", "no-store");
        }, Roles.Dispatcher, Roles.Operator, Roles.Steward, Roles.Citizen);
}
