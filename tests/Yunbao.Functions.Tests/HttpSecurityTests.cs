using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Yunbao.Application.Ports;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Stewards;
using Yunbao.Functions.Http;
using Yunbao.Functions.Triggers;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>Regression tests for the HTTP holes of issue #8, each through the real function with a real HttpRequest, against the stand-ins.</summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class HttpSecurityTests(LocalStackFixture fixture)
{
    private static readonly GeoPoint Spot = FunctionsTestHost.Spot;
    private static readonly Dictionary<string, string> Dispatcher = FunctionsTestHost.Dispatcher;
    private static readonly Dictionary<string, string> StewardA = HttpCall.As("steward-a", Roles.Steward);
    private static readonly Dictionary<string, string> StewardB = HttpCall.As("steward-b", Roles.Steward);

    [Fact]
    public async Task A_spoofed_principal_id_header_is_ignored_and_the_steward_comes_from_the_object_id()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var id = await host.OpenOrderAsync();   // dispatched to steward-a at once
        await host.SeedStewardAsync("steward-b");
        var etag = await host.ETagAsync(id);

        var spoofed = new Dictionary<string, string>(StewardB) { ["X-MS-CLIENT-PRINCIPAL-ID"] = "steward-a" };
        WorkOrdersApiTests.AssertProblem(await host.TransitionAsync(id, new { action = "accept" }, spoofed, etag), 403);
        var unregistered = HttpCall.As("nobody", Roles.Steward);
        unregistered["X-MS-CLIENT-PRINCIPAL-ID"] = "steward-a";
        WorkOrdersApiTests.AssertProblem(await host.TransitionAsync(id, new { action = "accept" }, unregistered, etag), 403);
        // Not even in Azure's shape: the id header alone is no principal.
        await using var azure = await FunctionsTestHost.StartAsync(fixture, localMode: false);
        var onlyId = HttpCall.Request(azure.Services, "GET", "/api/workorders", headers: new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL-ID"] = "steward-a" });
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(onlyId, azure.Function<WorkOrdersApi>().List(onlyId, CancellationToken.None)), 401);

        var accept = await host.TransitionAsync(id, new { action = "accept" }, StewardA, etag);
        Assert.True(accept.Status == 200, accept.Text);
        var last = accept.Json.GetProperty("events").EnumerateArray().Last();
        Assert.Equal("steward-a", last.GetProperty("by").GetString());
        Assert.Equal("steward", last.GetProperty("byRole").GetString());
    }

    [Fact]
    public async Task Outside_LocalMode_the_principal_header_is_read_only_when_platform_authentication_is_on_and_dev_headers_never()
    {
        await using var off = await FunctionsTestHost.StartAsync(fixture, localMode: false, platformAuth: false);
        var forged = HttpCall.Request(off.Services, "GET", "/api/workorders", headers: Dispatcher);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(forged, off.Function<WorkOrdersApi>().List(forged, CancellationToken.None)), 401);
        var dev = HttpCall.Request(off.Services, "GET", "/api/workorders", headers: new Dictionary<string, string> { [LocalDevHeaders.Role] = "dispatcher" });
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(dev, off.Function<WorkOrdersApi>().List(dev, CancellationToken.None)), 401);
    }

    [Fact]
    public async Task The_local_dev_principal_is_labelled_and_picks_its_role_and_steward_explicitly()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var id = await host.OpenOrderAsync();
        var api = host.Function<WorkOrdersApi>();

        var asDispatcher = HttpCall.Request(host.Services, "GET", "/api/workorders");
        var all = await HttpCall.ExecuteAsync(asDispatcher, api.List(asDispatcher, CancellationToken.None));
        Assert.Equal(200, all.Status);
        Assert.Contains("LOCAL DEV PRINCIPAL", all.Headers[LocalDevHeaders.Label].ToString());

        var devSteward = new Dictionary<string, string> { [LocalDevHeaders.Role] = "steward", [LocalDevHeaders.StewardId] = "steward-a" };
        var accept = await host.TransitionAsync(id, new { action = "accept" }, devSteward, await host.ETagAsync(id));
        Assert.True(accept.Status == 200, accept.Text);
        Assert.Equal("steward-a", accept.Json.GetProperty("events").EnumerateArray().Last().GetProperty("by").GetString());
        Assert.Contains("LOCAL DEV PRINCIPAL", accept.Headers[LocalDevHeaders.Label].ToString());

        var noPick = HttpCall.Request(host.Services, "GET", "/api/workorders", headers: new Dictionary<string, string> { [LocalDevHeaders.Role] = "steward" });
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(noPick, api.List(noPick, CancellationToken.None)), 403);
        var citizen = HttpCall.Request(host.Services, "GET", "/api/workorders", headers: new Dictionary<string, string> { [LocalDevHeaders.Role] = "citizen" });
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(citizen, api.List(citizen, CancellationToken.None)), 403);
    }

    [Theory]
    [InlineData("\uFFFD\uFFFD")]   // what /api/workorders/%FF%FE decodes to
    [InlineData("%FF")]            // /%25FF
    [InlineData("a\\b")]           // a%5Cb
    [InlineData(" ")]              // %20
    [InlineData("..")]
    public async Task Bad_ids_are_refused_with_400_before_storage_and_the_stand_in_still_answers(string badId)
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var api = host.Function<WorkOrdersApi>();
        var get = HttpCall.Request(host.Services, "GET", "/api/workorders/x", headers: Dispatcher);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(get, api.Get(get, badId, CancellationToken.None)), 400);
        WorkOrdersApiTests.AssertProblem(await host.TransitionAsync(badId, new { action = "verify" }, Dispatcher, "\"x\""), 400);
        var location = HttpCall.Request(host.Services, "POST", "/api/stewards/x/location", new { lon = Spot.Lon, lat = Spot.Lat }, StewardA);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(location, host.Function<StewardsApi>().ReportLocation(location, badId, CancellationToken.None)), 400);
        var dispatchTo = await host.TransitionAsync("wo-1", new { action = "dispatch", stewardId = badId }, Dispatcher, "\"x\"");
        WorkOrdersApiTests.AssertProblem(dispatchTo, 400);

        var id = await host.OpenOrderAsync();   // the Cosmos stand-in is still up
        var ok = HttpCall.Request(host.Services, "GET", $"/api/workorders/{id}", headers: Dispatcher);
        Assert.Equal(200, (await HttpCall.ExecuteAsync(ok, api.Get(ok, id, CancellationToken.None))).Status);
    }

    [Fact]
    public async Task Oversized_notes_evidence_bodies_and_lists_are_refused()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var id = await host.OpenOrderAsync();
        var etag = await host.ETagAsync(id);

        var huge = await host.TransitionAsync(id, new { action = "reject", note = new string('x', 2_500_000) }, Dispatcher, etag);
        WorkOrdersApiTests.AssertProblem(huge, 413);
        var manyEvidence = await host.TransitionAsync(id, new { action = "reject", note = "n", evidence = Enumerable.Repeat("e", 50_000).ToArray() }, Dispatcher, etag);
        WorkOrdersApiTests.AssertProblem(manyEvidence, 413);   // 50,000 entries exceed the 64 KB body limit first
        var longNote = await host.TransitionAsync(id, new { action = "reject", note = new string('x', HttpLimits.MaxNoteLength + 1) }, Dispatcher, etag);
        WorkOrdersApiTests.AssertProblem(longNote, 400);
        Assert.True(longNote.Json.GetProperty("errors").TryGetProperty("note", out _));
        var tooMany = await host.TransitionAsync(id, new { action = "reject", note = "n", evidence = Enumerable.Range(0, 21).Select(i => $"evidence/{i}.jpg").ToArray() }, Dispatcher, etag);
        WorkOrdersApiTests.AssertProblem(tooMany, 400);
        Assert.True(tooMany.Json.GetProperty("errors").TryGetProperty("evidence", out _));
        var longEntry = await host.TransitionAsync(id, new { action = "reject", note = "n", evidence = new[] { new string('e', 1_025) } }, Dispatcher, etag);
        WorkOrdersApiTests.AssertProblem(longEntry, 400);

        var statuses = string.Join("&", Enumerable.Repeat("status=detected", 1_100));
        var list = HttpCall.Request(host.Services, "GET", "/api/workorders?" + statuses, headers: Dispatcher);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(list, host.Function<WorkOrdersApi>().List(list, CancellationToken.None)), 400);
        var big = HttpCall.Request(host.Services, "GET", "/api/workorders?pageSize=201", headers: Dispatcher);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(big, host.Function<WorkOrdersApi>().List(big, CancellationToken.None)), 400);

        // Nothing of it was stored.
        var stored = await host.Services.GetRequiredService<IWorkOrderRepository>().GetAsync("lize", id, CancellationToken.None);
        Assert.Equal("dispatched", Yunbao.Contracts.YunbaoJson.EnumText(stored!.Status));
    }

    [Fact]
    public async Task A_body_that_is_not_application_json_is_415()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var id = await host.OpenOrderAsync();
        var headers = new Dictionary<string, string>(Dispatcher) { ["If-Match"] = await host.ETagAsync(id), ["Content-Type"] = "text/plain" };
        var req = HttpCall.Request(host.Services, "POST", $"/api/workorders/{id}/transitions", rawBody: """{"action":"reject","note":"x"}""", headers: headers);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(req, host.Function<WorkOrdersApi>().Transition(req, id, CancellationToken.None)), 415);
        var loc = HttpCall.Request(host.Services, "POST", "/api/stewards/steward-a/location", rawBody: """{"lon":116.31,"lat":39.86}""",
            headers: new Dictionary<string, string>(StewardA) { ["Content-Type"] = "text/plain" });
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(loc, host.Function<StewardsApi>().ReportLocation(loc, "steward-a", CancellationToken.None)), 415);
    }

    [Theory]
    [InlineData("bbox=NaN,NaN,NaN,NaN")]
    [InlineData("bbox=-Infinity,39.85,116.33,39.88")]
    [InlineData("bbox=1e309,39.85,116.33,39.88")]
    [InlineData("bbox=116.0,39.0,116.1,39.1")]            // finite but nowhere near the district
    [InlineData("continuationToken=[]")]
    [InlineData("continuationToken={}")]
    [InlineData("continuationToken=null")]
    [InlineData("continuationToken=eyJ2IjoxfQ")]          // base64url of {"v":1}
    [InlineData("continuationToken=%FF%FE")]
    public async Task Bad_boxes_and_continuation_tokens_are_400_not_500(string query)
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var req = HttpCall.Request(host.Services, "GET", "/api/workorders?" + query, headers: Dispatcher);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(req, host.Function<WorkOrdersApi>().List(req, CancellationToken.None)), 400);
    }

    [Fact]
    public async Task A_continuation_token_is_taken_back_only_for_the_query_it_was_issued_for()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.OpenOrderAsync(new GeoPoint(116.300, 39.860));
        await host.OpenOrderAsync(new GeoPoint(116.320, 39.870));
        var api = host.Function<WorkOrdersApi>();
        var req = HttpCall.Request(host.Services, "GET", "/api/workorders?pageSize=1", headers: Dispatcher);
        var token = (await HttpCall.ExecuteAsync(req, api.List(req, CancellationToken.None))).Json.GetProperty("continuationToken").GetString()!;
        var other = HttpCall.Request(host.Services, "GET", $"/api/workorders?pageSize=1&status=detected&continuationToken={Uri.EscapeDataString(token)}", headers: Dispatcher);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(other, api.List(other, CancellationToken.None)), 400);
    }

    [Fact]
    public async Task Coordinates_in_transitions_and_heartbeats_must_be_inside_the_district()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var id = await host.OpenOrderAsync();
        WorkOrdersApiTests.AssertProblem(await host.TransitionAsync(id, new { action = "accept", lon = 0.0, lat = 0.0 }, StewardA, await host.ETagAsync(id)), 400);
        var req = HttpCall.Request(host.Services, "POST", "/api/stewards/steward-a/location", new { lon = 121.47, lat = 31.23 }, StewardA);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(req, host.Function<StewardsApi>().ReportLocation(req, "steward-a", CancellationToken.None)), 400);
    }

    [Fact]
    public async Task A_dispatchers_start_and_accept_are_recorded_as_the_dispatcher_and_a_steward_id_in_them_is_refused()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var id = await host.OpenOrderAsync();
        WorkOrdersApiTests.AssertProblem(await host.TransitionAsync(id, new { action = "accept", stewardId = "steward-a" }, Dispatcher, await host.ETagAsync(id)), 400);

        var accept = await host.TransitionAsync(id, new { action = "accept" }, Dispatcher, await host.ETagAsync(id));
        Assert.True(accept.Status == 200, accept.Text);
        var e = accept.Json.GetProperty("events").EnumerateArray().Last();
        Assert.Equal(HttpCall.ObjectIdOf("dispatcher-1"), e.GetProperty("by").GetString());
        Assert.Equal("dispatcher", e.GetProperty("byRole").GetString());
        Assert.Equal("steward-a", accept.Json.GetProperty("assignedStewardId").GetString());
    }

    [Fact]
    public async Task Stewards_and_citizens_cannot_do_dispatcher_actions_and_a_steward_only_proposes_a_rejection()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        await host.SeedStewardAsync("steward-b");
        var id = await host.OpenOrderAsync();
        var owner = (await Repo(host).GetAsync("lize", id, CancellationToken.None))!.AssignedStewardId!;
        var mine = owner == "steward-a" ? StewardA : StewardB;
        var theirs = owner == "steward-a" ? StewardB : StewardA;
        var etag = await host.ETagAsync(id);

        WorkOrdersApiTests.AssertProblem(await host.TransitionAsync(id, new { action = "accept" }, theirs, etag), 403);
        WorkOrdersApiTests.AssertProblem(await host.TransitionAsync(id, new { action = "reject", note = "false alarm" }, mine, etag), 403);
        WorkOrdersApiTests.AssertProblem(await host.TransitionAsync(id, new { action = "dispatch", stewardId = owner }, mine, etag), 403);
        WorkOrdersApiTests.AssertProblem(await host.TransitionAsync(id, new { action = "verify" }, HttpCall.As("c1", Roles.Citizen), etag), 403);
        var register = HttpCall.Request(host.Services, "POST", "/api/stewards", new { id = "steward-x", userObjectId = "oid-x" }, mine);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(register, host.Function<StewardsApi>().Register(register, CancellationToken.None)), 403);

        var propose = await host.TransitionAsync(id, new { action = "propose_reject", note = "nothing there" }, mine, etag);
        Assert.True(propose.Status == 200, propose.Text);
        Assert.Equal("dispatched", propose.Json.GetProperty("status").GetString());
        var e = propose.Json.GetProperty("events").EnumerateArray().Last();
        Assert.Equal("rejection_proposed", e.GetProperty("type").GetString());
        Assert.Equal(owner, e.GetProperty("by").GetString());

        var reject = await host.TransitionAsync(id, new { action = "reject", note = "confirmed false alarm" }, Dispatcher, propose.Headers.ETag.ToString());
        Assert.True(reject.Status == 200, reject.Text);
        Assert.Equal("rejected", reject.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_steward_sees_only_their_own_orders()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var id = await host.OpenOrderAsync();   // steward-a's
        await host.SeedStewardAsync("steward-b");
        var api = host.Function<WorkOrdersApi>();

        var listB = HttpCall.Request(host.Services, "GET", "/api/workorders", headers: StewardB);
        Assert.Empty((await HttpCall.ExecuteAsync(listB, api.List(listB, CancellationToken.None))).Json.GetProperty("items").EnumerateArray());
        var askForA = HttpCall.Request(host.Services, "GET", "/api/workorders?stewardId=steward-a", headers: StewardB);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(askForA, api.List(askForA, CancellationToken.None)), 403);
        var getB = HttpCall.Request(host.Services, "GET", $"/api/workorders/{id}", headers: StewardB);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(getB, api.Get(getB, id, CancellationToken.None)), 404);

        var listA = HttpCall.Request(host.Services, "GET", "/api/workorders", headers: StewardA);
        Assert.Single((await HttpCall.ExecuteAsync(listA, api.List(listA, CancellationToken.None))).Json.GetProperty("items").EnumerateArray());
        var getA = HttpCall.Request(host.Services, "GET", $"/api/workorders/{id}", headers: StewardA);
        Assert.Equal(200, (await HttpCall.ExecuteAsync(getA, api.Get(getA, id, CancellationToken.None))).Status);
    }

    [Fact]
    public async Task A_412_gives_the_current_ETag_and_never_echoes_If_Match()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var id = await host.OpenOrderAsync();
        var current = await host.ETagAsync(id);
        var marker = "\"" + new string('Z', 5_000) + "\"";
        var stale = await host.TransitionAsync(id, new { action = "accept" }, StewardA, marker);
        WorkOrdersApiTests.AssertProblem(stale, 412);
        Assert.DoesNotContain("ZZZZ", stale.Text);
        Assert.Equal(current, stale.Headers.ETag.ToString());
        Assert.Equal(current, stale.Json.GetProperty("currentETag").GetString());
    }

    [Fact]
    public async Task A_heartbeat_for_an_unknown_or_other_steward_creates_nobody_and_registration_is_a_dispatchers_action()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var api = host.Function<StewardsApi>();

        var ghost = HttpCall.Request(host.Services, "POST", "/api/stewards/ghost-steward-xyz/location", new { lon = Spot.Lon, lat = Spot.Lat, available = true }, StewardA);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(ghost, api.ReportLocation(ghost, "ghost-steward-xyz", CancellationToken.None)), 403);
        var byDispatcher = HttpCall.Request(host.Services, "POST", "/api/stewards/ghost-steward-xyz/location", new { lon = Spot.Lon, lat = Spot.Lat }, Dispatcher);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(byDispatcher, api.ReportLocation(byDispatcher, "ghost-steward-xyz", CancellationToken.None)), 403);
        var unregistered = HttpCall.Request(host.Services, "POST", "/api/stewards/ghost-steward-xyz/location", new { lon = Spot.Lon, lat = Spot.Lat }, HttpCall.As("ghost-steward-xyz", Roles.Steward));
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(unregistered, api.ReportLocation(unregistered, "ghost-steward-xyz", CancellationToken.None)), 403);
        Assert.Null(await host.Services.GetRequiredService<IStewardRepository>().GetAsync("lize", "ghost-steward-xyz", CancellationToken.None));

        var register = HttpCall.Request(host.Services, "POST", "/api/stewards",
            new { id = "steward-new", name = "王芳", userObjectId = HttpCall.ObjectIdOf("wang"), lon = Spot.Lon, lat = Spot.Lat }, HttpCall.As("ops", Roles.Operator));
        var created = await HttpCall.ExecuteAsync(register, api.Register(register, CancellationToken.None));
        Assert.True(created.Status == 201, created.Text);
        var again = HttpCall.Request(host.Services, "POST", "/api/stewards", new { id = "steward-new", userObjectId = "oid-other" }, Dispatcher);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(again, api.Register(again, CancellationToken.None)), 409);
        var badBody = HttpCall.Request(host.Services, "POST", "/api/stewards", new { id = "a\\b", capacity = 0 }, Dispatcher);
        WorkOrdersApiTests.AssertProblem(await HttpCall.ExecuteAsync(badBody, api.Register(badBody, CancellationToken.None)), 400);

        var heartbeat = HttpCall.Request(host.Services, "POST", "/api/stewards/steward-new/location", new { lon = Spot.Lon, lat = Spot.Lat, available = true }, HttpCall.As("wang", Roles.Steward));
        var beat = await HttpCall.ExecuteAsync(heartbeat, api.ReportLocation(heartbeat, "steward-new", CancellationToken.None));
        Assert.True(beat.Status == 200, beat.Text);
        Assert.True(beat.Json.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Anything_unexpected_is_a_500_problem_with_a_correlation_id_and_no_stack_trace()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var api = host.Services.GetRequiredService<HttpApi>();
        var req = HttpCall.Request(host.Services, "GET", "/api/workorders", headers: Dispatcher);
        var answer = await HttpCall.ExecuteAsync(req, api.HandleAsync(req, Task<IActionResult> (_) => throw new InvalidOperationException("secret internals"), Roles.Dispatcher));
        WorkOrdersApiTests.AssertProblem(answer, 500);
        Assert.DoesNotContain("secret", answer.Text);
        Assert.DoesNotContain(" at ", answer.Text);
        Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("correlationId").GetString()));
    }

    private static IWorkOrderRepository Repo(FunctionsTestHost host) => host.Services.GetRequiredService<IWorkOrderRepository>();
}
