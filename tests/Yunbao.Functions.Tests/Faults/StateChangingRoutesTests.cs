using Yunbao.Functions.Http;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>
/// Auth and concurrency for EVERY state-changing route (issue #8 point 5), table-driven: the routes come from their
/// [HttpTrigger] attributes and each must have a scenario here (a new POST/PUT/DELETE route fails the first test until
/// it gets one). For each: wrong role → 403, no principal in Azure → 401, a steward acting on another steward's resource
/// → 403, a stale If-Match → 412 where the resource is ETag-guarded, and the same request at once from many callers has
/// exactly one winner where the route creates or guards a version.
/// </summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class StateChangingRoutesTests(LocalStackFixture fixture)
{
    private static readonly Dictionary<string, string> StewardA = HttpCall.As("steward-a", Roles.Steward);
    private static readonly Dictionary<string, string> StewardB = HttpCall.As("steward-b", Roles.Steward);
    private static readonly Dictionary<string, string> Citizen = HttpCall.As("c1", Roles.Citizen);

    /// <summary>How the same request from several callers at once must end.</summary>
    private enum Race { OneWinner, AllSucceed }

    /// <summary>
    /// A route's rightful request and who must be refused. <paramref name="OtherSteward"/> null: the route acts on no
    /// steward's resource; <paramref name="ETag"/> null: the route is not ETag-guarded.
    /// </summary>
    private sealed record Scenario(Dictionary<string, string> Values, object Body, Dictionary<string, string> Rightful, Dictionary<string, string> WrongRole,
        Dictionary<string, string>? OtherSteward, string? ETag, Race Race);

    /// <summary>A body sent as it is with its own content type (a photo), not serialized as JSON.</summary>
    private sealed record RawBody(byte[] Bytes, string ContentType);

    /// <summary>
    /// Routes whose caller is a client system with an Open311 api_key, not a signed-in person: roles and ETags do not
    /// apply. Their auth (unknown or missing key → 403) and concurrency (a retried hotline ticket is one request) are
    /// asserted in <see cref="Open311ApiTests"/>.
    /// </summary>
    private static readonly HashSet<string> ApiKeyRoutes = ["Open311PostRequest"];

    /// <summary>
    /// POSTs that store nothing: Static Web Apps' rolesSource computes roles from the claims in its body (POST because
    /// SWA calls it so). Asserted in <see cref="SignInRolesApiTests"/>.
    /// </summary>
    private static readonly HashSet<string> StatelessPosts = ["GetRoles"];

    private static readonly Dictionary<string, Func<FunctionsTestHost, Task<Scenario>>> Scenarios = new()
    {
        ["TransitionWorkOrder"] = async host =>
        {
            await host.SeedStewardAsync("steward-a");
            var id = await host.OpenOrderAsync();   // dispatched to steward-a, the only steward yet
            await host.SeedStewardAsync("steward-b");
            return new Scenario(new() { ["id"] = id }, new { action = "accept" }, StewardA, Citizen, StewardB, await host.ETagAsync(id), Race.OneWinner);
        },
        ["ReportStewardLocation"] = async host =>
        {
            await host.SeedStewardAsync("steward-a");
            await host.SeedStewardAsync("steward-b");
            // Last write wins: a position has no version to guard, so concurrent heartbeats all succeed.
            return new Scenario(new() { ["id"] = "steward-a" }, new { lon = 116.31, lat = 39.866, available = true }, StewardA, FunctionsTestHost.Dispatcher, StewardB, null, Race.AllSucceed);
        },
        ["UploadWorkOrderPhoto"] = async host =>
        {
            await host.SeedStewardAsync("steward-a");
            var id = await host.OpenOrderAsync();   // dispatched to steward-a
            await host.SeedStewardAsync("steward-b");
            // Each photo is a new evidence object with its own key: nothing versioned, so simultaneous uploads all succeed.
            return new Scenario(new() { ["id"] = id }, new RawBody(ConsoleApiTests.Jpeg(32, 24), "image/jpeg"), StewardA, Citizen, StewardB, null, Race.AllSucceed);
        },
        ["RegisterSteward"] = async host =>
        {
            await host.SeedStewardAsync("steward-a");
            // Creating: of many registering the same steward at once exactly one creates it (201), the others get 409.
            return new Scenario([], new { id = "steward-new", userObjectId = "oid-new", lon = 116.31, lat = 39.866 }, FunctionsTestHost.Dispatcher, StewardA, null, null, Race.OneWinner);
        },
    };

    public static TheoryData<string> Routes() => [.. HttpRoutes.StateChanging.Select(r => r.Name).Where(n => !ApiKeyRoutes.Contains(n) && !StatelessPosts.Contains(n))];

    [Fact]
    public void Every_state_changing_route_has_a_scenario()
    {
        Assert.NotEmpty(HttpRoutes.StateChanging);
        foreach (var route in HttpRoutes.StateChanging)
            Assert.True(Scenarios.ContainsKey(route.Name) || ApiKeyRoutes.Contains(route.Name) || StatelessPosts.Contains(route.Name), $"{route} ({route.Name}) changes state but has no auth/concurrency scenario in {nameof(StateChangingRoutesTests)}.");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Wrong_role_is_403_and_no_principal_in_Azure_is_401(string name)
    {
        var route = Route(name);
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var s = await Scenarios[name](host);
        WorkOrdersApiTests.AssertProblem(await CallAsync(host, route, s, s.WrongRole), 403);

        await using var azure = await FunctionsTestHost.StartAsync(fixture, localMode: false);
        var a = await Scenarios[name](azure);
        WorkOrdersApiTests.AssertProblem(await CallAsync(azure, route, a, []), 401);
        // The same request with the rightful principal goes through (so the refusals above were about the caller).
        var ok = await CallAsync(azure, route, a, a.Rightful);
        Assert.True(ok.Status is >= 200 and < 300, $"{ok.Status}: {ok.Text}");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_steward_acting_on_another_stewards_resource_is_403(string name)
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var s = await Scenarios[name](host);
        if (s.OtherSteward is null) return;   // the route acts on no steward's resource (the scenario says so)
        WorkOrdersApiTests.AssertProblem(await CallAsync(host, Route(name), s, s.OtherSteward), 403);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_stale_If_Match_is_412_where_the_route_is_ETag_guarded(string name)
    {
        var route = Route(name);
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var s = await Scenarios[name](host);
        if (s.ETag is null) return;   // not a versioned resource (the scenario says so)
        var stale = s with { ETag = "\"stale-" + s.ETag.Trim('"') + "\"" };
        var answer = await CallAsync(host, route, stale, s.Rightful);
        WorkOrdersApiTests.AssertProblem(answer, 412);
        Assert.Equal(s.ETag, answer.Headers.ETag.ToString());
        WorkOrdersApiTests.AssertProblem(await CallAsync(host, route, s with { ETag = null }, s.Rightful, sendIfMatch: false), 428);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task The_same_request_from_five_callers_at_once_has_exactly_one_winner_where_a_version_is_created_or_guarded(string name)
    {
        var route = Route(name);
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var s = await Scenarios[name](host);
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => CallAsync(host, route, s, s.Rightful))));
        var winners = answers.Count(a => a.Status is >= 200 and < 300);
        if (s.Race == Race.AllSucceed)
        {
            Assert.Equal(5, winners);
            return;
        }
        Assert.Equal(1, winners);
        foreach (var loser in answers.Where(a => a.Status >= 300))
        {
            // 409/412: lost the write race; 422: came after the winner and found the order already moved on.
            Assert.Contains(loser.Status, new[] { 409, 412, 422 });
            WorkOrdersApiTests.AssertProblem(loser, loser.Status);
        }
    }

    private static HttpRoute Route(string name) => HttpRoutes.StateChanging.Single(r => r.Name == name);

    private static Task<HttpAnswer> CallAsync(FunctionsTestHost host, HttpRoute route, Scenario s, Dictionary<string, string> principal, bool sendIfMatch = true)
    {
        var headers = new Dictionary<string, string>(principal);
        if (sendIfMatch && s.ETag is not null) headers["If-Match"] = s.ETag;
        var raw = s.Body as RawBody;
        var request = HttpCall.Request(host.Services, route.Methods[0], route.PathWith(s.Values), raw is null ? s.Body : null, headers);
        if (raw is not null)
        {
            request.Body = new MemoryStream(raw.Bytes);
            request.ContentLength = raw.Bytes.Length;
            request.ContentType = raw.ContentType;
        }
        return route.InvokeAsync(host, request, s.Values);
    }
}
