using Microsoft.Extensions.DependencyInjection;
using Yunbao.Contracts.Geo;
using Yunbao.Application.Ports;
using Yunbao.Domain.Stewards;
using Yunbao.Functions.Http;
using Yunbao.Functions.Triggers;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

[Collection(LocalStackFixture.CollectionName)]
public sealed class WorkOrdersApiTests(LocalStackFixture fixture)
{
    private static readonly GeoPoint Spot = FunctionsTestHost.Spot;
    private static readonly Dictionary<string, string> Dispatcher = FunctionsTestHost.Dispatcher;

    [Fact]
    public async Task List_and_get_show_the_order_with_its_ETag_and_simulated_flag()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var id = await host.OpenOrderAsync();
        var api = host.Function<WorkOrdersApi>();

        var req = HttpCall.Request(host.Services, "GET", "/api/workorders?status=detected,dispatched&category=garbage-overflow&bbox=116.29,39.85,116.33,39.88", headers: Dispatcher);
        var list = await HttpCall.ExecuteAsync(req, api.List(req, CancellationToken.None));
        Assert.Equal(200, list.Status);
        var item = Assert.Single(list.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.True(item.GetProperty("simulated").GetBoolean());

        var elsewhere = HttpCall.Request(host.Services, "GET", "/api/workorders?bbox=116.296,39.856,116.297,39.857", headers: Dispatcher);
        Assert.Empty((await HttpCall.ExecuteAsync(elsewhere, api.List(elsewhere, CancellationToken.None))).Json.GetProperty("items").EnumerateArray());
        var outside = HttpCall.Request(host.Services, "GET", "/api/workorders?bbox=116.0,39.0,116.1,39.1", headers: Dispatcher);
        AssertProblem(await HttpCall.ExecuteAsync(outside, api.List(outside, CancellationToken.None)), 400);   // does not intersect the district

        var get = HttpCall.Request(host.Services, "GET", $"/api/workorders/{id}", headers: Dispatcher);
        var one = await HttpCall.ExecuteAsync(get, api.Get(get, id, CancellationToken.None));
        Assert.Equal(200, one.Status);
        Assert.StartsWith("\"", one.Headers.ETag.ToString());
        Assert.Equal(one.Headers.ETag.ToString(), one.Json.GetProperty("eTag").GetString());
        Assert.Equal("detected", one.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task List_pages_with_a_continuation_token_and_a_next_link()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.OpenOrderAsync(new GeoPoint(116.300, 39.860));
        await host.OpenOrderAsync(new GeoPoint(116.320, 39.870));
        var api = host.Function<WorkOrdersApi>();

        var req = HttpCall.Request(host.Services, "GET", "/api/workorders?pageSize=1", headers: Dispatcher);
        var first = await HttpCall.ExecuteAsync(req, api.List(req, CancellationToken.None));
        Assert.Single(first.Json.GetProperty("items").EnumerateArray());
        var next = first.Json.GetProperty("next").GetString()!;
        Assert.Contains("rel=\"next\"", first.Headers["Link"].ToString());

        var req2 = HttpCall.Request(host.Services, "GET", next, headers: Dispatcher);
        var second = await HttpCall.ExecuteAsync(req2, api.List(req2, CancellationToken.None));
        Assert.Single(second.Json.GetProperty("items").EnumerateArray());
        Assert.NotEqual(first.Json.GetProperty("items")[0].GetProperty("id").GetString(), second.Json.GetProperty("items")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Invalid_query_is_a_problem_listing_each_field()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var api = host.Function<WorkOrdersApi>();
        var req = HttpCall.Request(host.Services, "GET", "/api/workorders?status=bogus&bbox=1,2,3&since=yesterday&pageSize=0", headers: Dispatcher);
        var answer = await HttpCall.ExecuteAsync(req, api.List(req, CancellationToken.None));

        AssertProblem(answer, 400);
        var errors = answer.Json.GetProperty("errors");
        foreach (var field in new[] { "status", "bbox", "since", "pageSize" }) Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Dispatcher_dispatches_then_the_assigned_steward_accepts_with_ETags()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var id = await host.OpenOrderAsync();            // no steward yet: the order waits as detected
        await host.SeedStewardAsync("steward-a");
        var etag = await host.ETagAsync(id);

        var dispatch = await host.TransitionAsync(id, new { action = "dispatch", stewardId = "steward-a" }, Dispatcher, etag);
        Assert.True(dispatch.Status == 200, dispatch.Text);
        Assert.Equal("dispatched", dispatch.Json.GetProperty("status").GetString());
        Assert.Equal("steward-a", dispatch.Json.GetProperty("assignedStewardId").GetString());
        var newTag = dispatch.Headers.ETag.ToString();
        Assert.NotEqual(etag, newTag);

        var stale = await host.TransitionAsync(id, new { action = "accept" }, HttpCall.As("steward-a", Roles.Steward), etag);
        AssertProblem(stale, 412);

        var other = await host.TransitionAsync(id, new { action = "accept" }, HttpCall.As("steward-b", Roles.Steward), newTag);
        AssertProblem(other, 403);

        var accept = await host.TransitionAsync(id, new { action = "accept", lon = Spot.Lon, lat = Spot.Lat, note = "on my way" }, HttpCall.As("steward-a", Roles.Steward), newTag);
        Assert.True(accept.Status == 200, accept.Text);
        Assert.Equal("accepted", accept.Json.GetProperty("status").GetString());
        var last = accept.Json.GetProperty("events").EnumerateArray().Last();
        Assert.Equal("steward-a", last.GetProperty("by").GetString());
    }

    [Fact]
    public async Task Two_concurrent_accepts_yield_one_winner_and_one_conflict()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var id = await host.OpenOrderAsync();            // a free steward nearby: dispatched at once
        var get = HttpCall.Request(host.Services, "GET", $"/api/workorders/{id}", headers: Dispatcher);
        var order = await HttpCall.ExecuteAsync(get, host.Function<WorkOrdersApi>().Get(get, id, CancellationToken.None));
        Assert.Equal("dispatched", order.Json.GetProperty("status").GetString());
        Assert.Equal("steward-a", order.Json.GetProperty("assignedStewardId").GetString());
        var etag = order.Headers.ETag.ToString();

        var steward = HttpCall.As("steward-a", Roles.Steward);
        var answers = await Task.WhenAll(
            host.TransitionAsync(id, new { action = "accept" }, steward, etag),
            host.TransitionAsync(id, new { action = "accept" }, steward, etag));

        Assert.Single(answers, a => a.Status == 200);
        var loser = Assert.Single(answers, a => a.Status != 200);
        Assert.Contains(loser.Status, new[] { 409, 412 });
        AssertProblem(loser, loser.Status);
    }

    [Fact]
    public async Task Transition_without_If_Match_is_428()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var id = await host.OpenOrderAsync();
        var answer = await host.TransitionAsync(id, new { action = "reject", note = "false alarm" }, Dispatcher, ifMatch: null);
        AssertProblem(answer, 428);
    }

    [Fact]
    public async Task Illegal_transition_is_422_with_the_reason()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var id = await host.OpenOrderAsync();
        var answer = await host.TransitionAsync(id, new { action = "verify" }, Dispatcher, await host.ETagAsync(id));
        AssertProblem(answer, 422);
        Assert.Equal("detected", answer.Json.GetProperty("currentStatus").GetString());
        Assert.False(string.IsNullOrWhiteSpace(answer.Json.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Unknown_action_and_missing_order_are_problems()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var id = await host.OpenOrderAsync();
        AssertProblem(await host.TransitionAsync(id, new { action = "teleport" }, Dispatcher, "\"x\""), 400);
        AssertProblem(await host.TransitionAsync("no-such-order", new { action = "accept" }, Dispatcher, "\"x\""), 404);
    }

    [Fact]
    public async Task Without_a_principal_Azure_answers_401_and_local_mode_uses_the_dev_dispatcher()
    {
        await using (var azure = await FunctionsTestHost.StartAsync(fixture, localMode: false))
        {
            var req = HttpCall.Request(azure.Services, "GET", "/api/workorders");
            AssertProblem(await HttpCall.ExecuteAsync(req, azure.Function<WorkOrdersApi>().List(req, CancellationToken.None)), 401);
            var citizen = HttpCall.Request(azure.Services, "GET", "/api/workorders", headers: HttpCall.As("c1", Roles.Citizen));
            AssertProblem(await HttpCall.ExecuteAsync(citizen, azure.Function<WorkOrdersApi>().List(citizen, CancellationToken.None)), 403);
        }
        await using var local = await FunctionsTestHost.StartAsync(fixture, localMode: true);
        var dev = HttpCall.Request(local.Services, "GET", "/api/workorders");
        Assert.Equal(200, (await HttpCall.ExecuteAsync(dev, local.Function<WorkOrdersApi>().List(dev, CancellationToken.None))).Status);
    }

    [Fact]
    public async Task Steward_reports_location_and_availability()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var api = host.Function<StewardsApi>();
        var req = HttpCall.Request(host.Services, "POST", "/api/stewards/steward-a/location", new { lon = 116.31, lat = 39.866, available = false }, HttpCall.As("steward-a", Roles.Steward));
        var answer = await HttpCall.ExecuteAsync(req, api.ReportLocation(req, "steward-a", CancellationToken.None));
        Assert.Equal(200, answer.Status);
        var stored = await host.Services.GetRequiredService<IStewardRepository>().GetAsync("lize", "steward-a", CancellationToken.None);
        Assert.Equal(116.31, stored!.Location.Lon, 6);
        Assert.False(stored.Available);

        var bad = HttpCall.Request(host.Services, "POST", "/api/stewards/steward-a/location", new { lon = 500 }, HttpCall.As("steward-a", Roles.Steward));
        AssertProblem(await HttpCall.ExecuteAsync(bad, api.ReportLocation(bad, "steward-a", CancellationToken.None)), 400);
        var someoneElse = HttpCall.Request(host.Services, "POST", "/api/stewards/steward-a/location", new { lon = 116.31, lat = 39.866 }, HttpCall.As("steward-b", Roles.Steward));
        AssertProblem(await HttpCall.ExecuteAsync(someoneElse, api.ReportLocation(someoneElse, "steward-a", CancellationToken.None)), 403);
    }

    internal static void AssertProblem(HttpAnswer answer, int status)
    {
        Assert.Equal(status, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType);
        var p = answer.Json;
        Assert.StartsWith("https://", p.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("title").GetString()));
        Assert.Equal(status, p.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("detail").GetString()));
        Assert.StartsWith("/api/", p.GetProperty("instance").GetString());
    }
}
