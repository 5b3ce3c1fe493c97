using System.Text.Json;
using Yunbao.Functions.Http;
using Yunbao.Functions.Triggers;
using Yunbao.Testing;
using static Yunbao.Functions.Tests.WorkOrdersApiTests;

namespace Yunbao.Functions.Tests;

/// <summary>Sign-in in Azure: the Static Web Apps rolesSource function (GetRoles) and GET /api/me, with the payloads the platform sends.</summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class SignInRolesApiTests(LocalStackFixture fixture)
{
    /// <summary>What Static Web Apps posts to its rolesSource after an Entra ID sign-in (the shape its custom-roles documentation shows).</summary>
    private static string RolesSourceBody(params (string Typ, string Val)[] extra) => JsonSerializer.Serialize(new
    {
        identityProvider = "aad",
        userId = "72137ad3ae0042b58d54aacb38576d76",
        userDetails = "wang.fang@lize.example",
        claims = new[]
        {
            new { typ = "aud", val = "00000003-0000-0000-c000-000000000000" },
            new { typ = "iss", val = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0" },
            new { typ = "name", val = "王芳" },
            new { typ = ClientPrincipal.ObjectIdClaim, val = "oid-wang-fang" },
            new { typ = "preferred_username", val = "wang.fang@lize.example" },
        }.Concat(extra.Select(e => new { typ = e.Typ, val = e.Val })).ToArray(),
        accessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl",
    });

    private static async Task<HttpAnswer> GetRolesAsync(FunctionsTestHost host, string body)
    {
        var req = HttpCall.Request(host.Services, "POST", "/api/GetRoles", rawBody: body);
        return await HttpCall.ExecuteAsync(req, host.Function<SignInRolesApi>().GetRoles(req, default));
    }

    private static string[] RolesOf(HttpAnswer answer)
    {
        Assert.Equal(200, answer.Status);
        return [.. answer.Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)];
    }

    [Fact]
    public async Task Entra_app_roles_become_yunbao_roles_and_unknown_roles_grant_nothing()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture, localMode: false);
        Assert.Equal(["dispatcher"], RolesOf(await GetRolesAsync(host, RolesSourceBody(("roles", "dispatcher"), ("roles", "Global.Reader")))));
        Assert.Equal(["operator", "steward"], RolesOf(await GetRolesAsync(host, RolesSourceBody(("roles", "steward"), ("http://schemas.microsoft.com/ws/2008/06/identity/claims/role", "admin")))));
        Assert.Empty(RolesOf(await GetRolesAsync(host, RolesSourceBody())));
        // A claim that merely looks like a role (another type) is no role.
        Assert.Empty(RolesOf(await GetRolesAsync(host, RolesSourceBody(("name", "dispatcher"), ("scp", "steward")))));
    }

    [Fact]
    public async Task Configured_groups_map_to_roles_and_a_mapping_to_an_unknown_role_is_ignored()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture, localMode: false, settings: new Dictionary<string, string?>
        {
            ["SignInRoles:Groups:5e2a7c1d-0000-4000-8000-00000000d15a"] = "dispatcher",
            ["SignInRoles:Groups:5e2a7c1d-0000-4000-8000-00000000beef"] = "root",
        });
        Assert.Equal(["dispatcher"], RolesOf(await GetRolesAsync(host, RolesSourceBody(
            ("groups", "5E2A7C1D-0000-4000-8000-00000000D15A"), ("groups", "5e2a7c1d-0000-4000-8000-00000000beef"), ("groups", "unrelated-group")))));
    }

    [Fact]
    public async Task A_body_that_is_not_a_sign_in_is_a_400_problem()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture, localMode: false);
        AssertProblem(await GetRolesAsync(host, "{\"identityProvider\":\"aad\"}"), 400);
        AssertProblem(await GetRolesAsync(host, "[1,2]"), 400);
        AssertProblem(await GetRolesAsync(host, "{\"claims\":"), 400);
    }

    [Fact]
    public async Task Me_names_the_signed_in_steward_from_the_principal_and_never_from_a_caller_set_header()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture, localMode: false);
        await host.SeedStewardAsync("steward-me");
        var headers = HttpCall.As("steward-me", Roles.Steward);
        headers["X-Yunbao-Local-Dev-Steward-Id"] = "steward-someone-else";   // ignored outside LocalMode
        var me = await CallMeAsync(host, headers);
        Assert.Equal(200, me.Status);
        Assert.Equal(("steward-me", "steward", HttpCall.ObjectIdOf("steward-me"), false),
            (me.Json.GetProperty("stewardId").GetString(), me.Json.GetProperty("actingAs").GetString(), me.Json.GetProperty("id").GetString(), me.Json.GetProperty("localDevPrincipal").GetBoolean()));

        // A dispatcher who is also a registered steward acts as dispatcher and still learns their steward.
        var both = await CallMeAsync(host, HttpCall.As("steward-me", Roles.Dispatcher, Roles.Steward));
        Assert.Equal(("dispatcher", "steward-me"), (both.Json.GetProperty("actingAs").GetString(), both.Json.GetProperty("stewardId").GetString()));

        // A signed-in steward nobody registered is refused, and nobody signed in is 401.
        AssertProblem(await CallMeAsync(host, HttpCall.As("stranger", Roles.Steward)), 403);
        AssertProblem(await CallMeAsync(host, new() { ["X-Yunbao-Local-Dev-Role"] = "steward", ["X-Yunbao-Local-Dev-Steward-Id"] = "steward-me" }), 401);
    }

    [Fact]
    public async Task Me_in_local_mode_is_the_labelled_local_dev_principal()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var me = await CallMeAsync(host, new() { ["X-Yunbao-Local-Dev-Role"] = "steward", ["X-Yunbao-Local-Dev-Steward-Id"] = "steward-7" });
        Assert.Equal(200, me.Status);
        Assert.True(me.Json.GetProperty("localDevPrincipal").GetBoolean());
        Assert.Equal("steward-7", me.Json.GetProperty("stewardId").GetString());
        Assert.Contains("LOCAL DEV", me.Json.GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    private static async Task<HttpAnswer> CallMeAsync(FunctionsTestHost host, Dictionary<string, string> headers)
    {
        var req = HttpCall.Request(host.Services, "GET", "/api/me", headers: headers);
        return await HttpCall.ExecuteAsync(req, host.Function<SignInRolesApi>().Me(req, default));
    }
}
