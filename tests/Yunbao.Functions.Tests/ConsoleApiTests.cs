using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using Yunbao.Application.Ports;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Stewards;
using Yunbao.Functions.Http;
using Yunbao.Functions.Triggers;
using Yunbao.Infrastructure.Imaging;
using Yunbao.Testing;
using static Yunbao.Functions.Tests.WorkOrdersApiTests;

namespace Yunbao.Functions.Tests;

/// <summary>The operations console's routes: stewards, suggestions, statistics, hot spots, evidence and photo upload, the list's ETag, reference data.</summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class ConsoleApiTests(LocalStackFixture fixture)
{
    private static readonly GeoPoint Spot = FunctionsTestHost.Spot;
    private static readonly Dictionary<string, string> Dispatcher = FunctionsTestHost.Dispatcher;
    private static readonly Dictionary<string, string> Citizen = HttpCall.As("citizen-1", Roles.Citizen);

    [Fact]
    public async Task Stewards_list_shows_load_and_marks_a_quiet_phone_stale_and_only_staff_may_read_it()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await SeedAsync(host, "steward-a", FunctionsTestHost.Now);
        await SeedAsync(host, "steward-q", FunctionsTestHost.Now.AddMinutes(-40));   // phone stopped reporting
        var id = await host.OpenOrderAsync();                                         // dispatched at once to the fresh steward

        var answer = await CallAsync(host, "GET", "/api/stewards", Dispatcher, (f, r) => f.Function<ConsoleApi>().Stewards(r, default));
        Assert.Equal(200, answer.Status);
        var items = answer.Json.GetProperty("items").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.False(items["steward-a"].GetProperty("stale").GetBoolean());
        Assert.Equal(1, items["steward-a"].GetProperty("load").GetInt32());
        Assert.True(items["steward-q"].GetProperty("stale").GetBoolean());
        Assert.False(items["steward-q"].GetProperty("canTakeOrders").GetBoolean());
        Assert.Equal(40, items["steward-q"].GetProperty("minutesSinceSeen").GetDouble(), 1);

        AssertProblem(await CallAsync(host, "GET", "/api/stewards", Citizen, (f, r) => f.Function<ConsoleApi>().Stewards(r, default)), 403);
        AssertProblem(await CallAsync(host, "GET", "/api/stewards", HttpCall.As("steward-a", Roles.Steward), (f, r) => f.Function<ConsoleApi>().Stewards(r, default)), 403);

        // Suggestions: the stale steward is never proposed, even though they stand right at the order.
        var suggest = await CallAsync(host, "GET", $"/api/workorders/{id}/suggestions", Dispatcher, (f, r) => f.Function<ConsoleApi>().Suggest(r, id, default));
        Assert.Equal(200, suggest.Status);
        Assert.DoesNotContain(suggest.Json.GetProperty("items").EnumerateArray(), s => s.GetProperty("steward").GetProperty("id").GetString() == "steward-q");
        AssertProblem(await CallAsync(host, "GET", $"/api/workorders/{id}/suggestions", HttpCall.As("steward-a", Roles.Steward),
            (f, r) => f.Function<ConsoleApi>().Suggest(r, id, default)), 403);
    }

    [Fact]
    public async Task Statistics_count_todays_orders_by_category_and_source_and_refuse_bad_ranges()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await SeedAsync(host, "steward-a", FunctionsTestHost.Now);
        await host.OpenOrderAsync(new GeoPoint(116.300, 39.860));
        await host.OpenOrderAsync(new GeoPoint(116.320, 39.870));

        var today = await CallAsync(host, "GET", "/api/statistics?period=today", Dispatcher, (f, r) => f.Function<ConsoleApi>().Statistics(r, default));
        Assert.Equal(200, today.Status);
        Assert.Equal(2, today.Json.GetProperty("opened").GetInt32());
        Assert.Equal(2, today.Json.GetProperty("openedByCategory").GetProperty("garbage-overflow").GetInt32());
        Assert.Equal(2, today.Json.GetProperty("openedBySource").GetProperty("PatrolVehicle").GetInt32());
        Assert.Equal(0, today.Json.GetProperty("medianMinutesToDispatch").GetDouble());   // a free steward: dispatched on arrival

        var before = await CallAsync(host, "GET", "/api/statistics?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z", Dispatcher,
            (f, r) => f.Function<ConsoleApi>().Statistics(r, default));
        Assert.Equal(0, before.Json.GetProperty("opened").GetInt32());

        var bad = await CallAsync(host, "GET", "/api/statistics?from=yesterday&to=2026-11-21T00:00:00Z", Dispatcher, (f, r) => f.Function<ConsoleApi>().Statistics(r, default));
        AssertProblem(bad, 400);
        Assert.True(bad.Json.GetProperty("errors").TryGetProperty("from", out _));
        AssertProblem(await CallAsync(host, "GET", "/api/statistics?from=2026-01-01T00:00:00Z&to=2026-11-21T00:00:00Z", Dispatcher,
            (f, r) => f.Function<ConsoleApi>().Statistics(r, default)), 400);
        AssertProblem(await CallAsync(host, "GET", "/api/statistics?period=today", Citizen, (f, r) => f.Function<ConsoleApi>().Statistics(r, default)), 403);
    }

    [Fact]
    public async Task Hotspots_rank_the_cell_where_incidents_cluster_and_validate_layer_and_window()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        // Six sightings in one spot (they join one order: the hot spot counts incidents, not orders) and one far away.
        var spots = Enumerable.Range(0, 6).Select(i => new GeoPoint(116.3071 + (i * 0.00005), 39.8633)).Append(new GeoPoint(116.298, 39.872));
        var minute = 0;
        foreach (var at in spots)
        {
            var message = await host.UploadFrameAsync(at, FunctionsTestHost.Now.AddMinutes(-30 + minute++), ("bin", "garbage-overflow"));
            await host.Function<DetectFrame>().Run(FunctionsTestHost.AsRuntimeDelivers(message), CancellationToken.None);
        }

        var answer = await CallAsync(host, "GET", "/api/hotspots?layer=all&window=24h&cellSize=100", Dispatcher, (f, r) => f.Function<ConsoleApi>().Hotspots(r, default));
        Assert.Equal(200, answer.Status);
        Assert.Equal(7, answer.Json.GetProperty("points").GetInt32());
        var top = answer.Json.GetProperty("hotspots")[0];
        Assert.Equal(1, top.GetProperty("rank").GetInt32());
        var b = top.GetProperty("bounds").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.InRange(116.3072, b[0] - 0.0015, b[2] + 0.0015);   // the hot cell (or its neighbour) holds the cluster
        Assert.True(top.GetProperty("qValue").GetDouble() <= 0.05);

        var bad = await CallAsync(host, "GET", "/api/hotspots?layer=nonsense&window=1y", Dispatcher, (f, r) => f.Function<ConsoleApi>().Hotspots(r, default));
        AssertProblem(bad, 400);
        Assert.True(bad.Json.GetProperty("errors").TryGetProperty("layer", out _));
        Assert.True(bad.Json.GetProperty("errors").TryGetProperty("window", out _));
        AssertProblem(await CallAsync(host, "GET", "/api/hotspots", Citizen, (f, r) => f.Function<ConsoleApi>().Hotspots(r, default)), 403);
    }

    [Fact]
    public async Task The_assigned_steward_uploads_a_photo_that_decodes_and_nobody_else_may()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await SeedAsync(host, "steward-a", FunctionsTestHost.Now);
        await SeedAsync(host, "steward-b", FunctionsTestHost.Now, new GeoPoint(116.32, 39.874));
        var id = await host.OpenOrderAsync();   // dispatched to steward-a, the nearest
        var stewardA = HttpCall.As("steward-a", Roles.Steward);
        var png = Png(64, 48);

        var upload = await UploadAsync(host, id, png, "image/png", stewardA);
        Assert.True(upload.Status == 201, upload.Text);
        var reference = upload.Json.GetProperty("evidence").GetString()!;
        var key = upload.Json.GetProperty("key").GetString()!;
        Assert.Equal($"evidence/{id}/{key}", reference);
        Assert.Equal(64, upload.Json.GetProperty("width").GetInt32());

        // Read back through the API: the same picture, decoded.
        var read = await CallAsync(host, "GET", $"/api/workorders/{id}/evidence/{key}", stewardA, (f, r) => f.Function<OrderEvidenceApi>().Get(r, id, key, default));
        Assert.Equal(200, read.Status);
        Assert.Equal("image/png", read.ContentType);
        Assert.Equal(48, SkiaImageDecoder.DecodeRgba(read.Body).Height);

        AssertProblem(await UploadAsync(host, id, png, "image/png", HttpCall.As("steward-b", Roles.Steward)), 403);
        AssertProblem(await UploadAsync(host, id, png, "image/png", Citizen), 403);
        AssertProblem(await UploadAsync(host, id, png[..(png.Length / 2)], "image/png", stewardA), 400);            // truncated
        AssertProblem(await UploadAsync(host, id, "GIF89a not a photo"u8.ToArray(), "image/png", stewardA), 400);    // disguised
        AssertProblem(await UploadAsync(host, id, png, "image/gif", stewardA), 415);
        AssertProblem(await UploadAsync(host, id, png, "image/jpeg", stewardA), 400);                               // says JPEG, is PNG
        var huge = new byte[(10 * 1024 * 1024) + 1];
        AssertProblem(await UploadAsync(host, id, huge, "image/jpeg", stewardA), 413);
        // Another steward cannot read it either (it is not their order: 404, as for the order itself).
        AssertProblem(await CallAsync(host, "GET", $"/api/workorders/{id}/evidence/{key}", HttpCall.As("steward-b", Roles.Steward),
            (f, r) => f.Function<OrderEvidenceApi>().Get(r, id, key, default)), 404);
    }

    [Fact]
    public async Task Evidence_lists_the_frame_with_its_box_and_the_resolving_photo_from_the_history()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await SeedAsync(host, "steward-a", FunctionsTestHost.Now);
        var id = await host.OpenOrderAsync();
        var steward = HttpCall.As("steward-a", Roles.Steward);
        var etag = await host.ETagAsync(id);
        foreach (var action in new[] { "accept", "start" })
            etag = (await host.TransitionAsync(id, new { action }, steward, etag)).Headers.ETag.ToString();
        var photo = (await UploadAsync(host, id, Jpeg(80, 60), "image/jpeg", steward)).Json.GetProperty("evidence").GetString()!;
        var resolved = await host.TransitionAsync(id, new { action = "resolve", note = "bin emptied", evidence = new[] { photo } }, steward, etag);
        Assert.Equal(200, resolved.Status);

        var list = await CallAsync(host, "GET", $"/api/workorders/{id}/evidence", Dispatcher, (f, r) => f.Function<OrderEvidenceApi>().List(r, id, default));
        Assert.Equal(200, list.Status);
        var items = list.Json.GetProperty("items").EnumerateArray().ToList();
        var frame = Assert.Single(items, i => i.GetProperty("kind").GetString() == "frame");
        Assert.InRange(frame.GetProperty("box").GetProperty("w").GetInt32(), 100, 140);   // the detector's box around the 120 px object
        Assert.True(frame.GetProperty("simulated").GetBoolean());
        var shot = Assert.Single(items, i => i.GetProperty("kind").GetString() == "photo");
        Assert.Equal("steward-a", shot.GetProperty("by").GetString());

        // The frame streams through the API with the type it was stored with.
        var frameKey = frame.GetProperty("key").GetString()!;
        var bytes = await CallAsync(host, "GET", $"/api/workorders/{id}/evidence/{frameKey}", Dispatcher, (f, r) => f.Function<OrderEvidenceApi>().Get(r, id, frameKey, default));
        Assert.Equal(200, bytes.Status);
        Assert.Equal("image/jpeg", bytes.ContentType);
        AssertProblem(await CallAsync(host, "GET", $"/api/workorders/{id}/evidence/frame-not-its-incident", Dispatcher,
            (f, r) => f.Function<OrderEvidenceApi>().Get(r, id, "frame-not-its-incident", default)), 404);
        AssertProblem(await CallAsync(host, "GET", $"/api/workorders/{id}/evidence/..", Dispatcher,
            (f, r) => f.Function<OrderEvidenceApi>().Get(r, id, "..", default)), 400);
    }

    [Fact]
    public async Task The_order_list_answers_304_to_its_own_ETag_until_an_order_changes()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await SeedAsync(host, "steward-a", FunctionsTestHost.Now);
        var id = await host.OpenOrderAsync();
        var first = await CallAsync(host, "GET", "/api/workorders", Dispatcher, (f, r) => f.Function<WorkOrdersApi>().List(r, default));
        var tag = first.Headers.ETag.ToString();
        Assert.StartsWith("W/\"", tag);

        var same = await CallAsync(host, "GET", "/api/workorders", new(Dispatcher) { ["If-None-Match"] = tag }, (f, r) => f.Function<WorkOrdersApi>().List(r, default));
        Assert.Equal(304, same.Status);
        Assert.Empty(same.Body);

        await host.TransitionAsync(id, new { action = "accept" }, HttpCall.As("steward-a", Roles.Steward), await host.ETagAsync(id));
        var changed = await CallAsync(host, "GET", "/api/workorders", new(Dispatcher) { ["If-None-Match"] = tag }, (f, r) => f.Function<WorkOrdersApi>().List(r, default));
        Assert.Equal(200, changed.Status);
        Assert.Equal("accepted", changed.Json.GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task District_map_is_GeoJSON_of_the_streets_and_the_catalog_names_each_category_in_both_languages()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var anonymous = new Dictionary<string, string>();
        var map = await CallAsync(host, "GET", "/api/district/map.geojson", anonymous, (f, r) => f.Function<DistrictApi>().Map(r));
        Assert.Equal(200, map.Status);
        Assert.StartsWith("application/geo+json", map.ContentType);
        Assert.Equal("FeatureCollection", map.Json.GetProperty("type").GetString());
        var streets = map.Json.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("properties").GetProperty("kind").GetString() == "street").ToList();
        Assert.Contains(streets, s => s.GetProperty("properties").GetProperty("nameZh").GetString() == "金中都南街");
        Assert.All(streets, s => Assert.Equal("LineString", s.GetProperty("geometry").GetProperty("type").GetString()));

        var catalog = await CallAsync(host, "GET", "/api/catalog", anonymous, (f, r) => f.Function<DistrictApi>().Catalog(r));
        var garbage = Assert.Single(catalog.Json.GetProperty("items").EnumerateArray(), c => c.GetProperty("code").GetString() == "garbage-overflow");
        Assert.False(string.IsNullOrWhiteSpace(garbage.GetProperty("nameZh").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(garbage.GetProperty("nameEn").GetString()));
    }

    private static async Task<HttpAnswer> CallAsync(FunctionsTestHost host, string method, string path, Dictionary<string, string> headers,
        Func<FunctionsTestHost, Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> call)
    {
        var req = HttpCall.Request(host.Services, method, path, headers: headers);
        return await HttpCall.ExecuteAsync(req, call(host, req));
    }

    private static async Task<HttpAnswer> UploadAsync(FunctionsTestHost host, string id, byte[] body, string contentType, Dictionary<string, string> principal)
    {
        var req = HttpCall.Request(host.Services, "POST", $"/api/workorders/{id}/photos", headers: principal);
        req.Body = new MemoryStream(body);
        req.ContentLength = body.Length;
        req.ContentType = contentType;
        return await HttpCall.ExecuteAsync(req, host.Function<OrderEvidenceApi>().Upload(req, id, default));
    }

    private static Task SeedAsync(FunctionsTestHost host, string id, DateTimeOffset lastSeen, GeoPoint? at = null) =>
        host.Services.GetRequiredService<IStewardRepository>().TryCreateAsync(
            new Steward { Id = id, DistrictId = "lize", Name = id, Location = at ?? Spot, LastSeenAt = lastSeen, UserObjectId = HttpCall.ObjectIdOf(id) }, default);

    private static byte[] Png(int w, int h) => Encode(w, h, SKEncodedImageFormat.Png);

    internal static byte[] Jpeg(int w, int h) => Encode(w, h, SKEncodedImageFormat.Jpeg);

    private static byte[] Encode(int w, int h, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(w, h);
        bitmap.Erase(new SKColor(200, 80, 40));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}
