using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Tiles;
using Yunbao.Functions.Triggers;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

[Collection(LocalStackFixture.CollectionName)]
public sealed class HeatmapsAndHealthTests(LocalStackFixture fixture)
{
    [Fact]
    public async Task Rollup_timer_writes_a_hot_tile_the_tile_endpoint_serves_as_png()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var spot = new GeoPoint(116.3122, 39.8641);
        var message = await host.UploadFrameAsync(spot, FunctionsTestHost.Now.AddMinutes(-3), ("bin", "garbage-overflow"));
        await host.Function<DetectFrame>().Run(FunctionsTestHost.AsRuntimeDelivers(message), CancellationToken.None);

        var result = await host.Function<RollupHeatmaps>().Run(new TimerInfo(), CancellationToken.None);
        Assert.True(result.TilesWritten > 0);

        var tile = TileMath.TileAt(spot, 16);
        var api = host.Function<HeatmapsApi>();
        var req = HttpCall.Request(host.Services, "GET", $"/api/heatmaps/all/24h/16/{tile.X}/{tile.Y}.png");
        var answer = await HttpCall.ExecuteAsync(req, api.Tile(req, "all", "24h", "16", tile.X.ToString(), tile.Y.ToString(), CancellationToken.None));
        Assert.Equal(200, answer.Status);
        Assert.Equal("image/png", answer.ContentType);
        using var bitmap = SKBitmap.Decode(answer.Body);
        var (gx, gy) = TileMath.ToGlobalPixel(spot, 16);
        var (px, py) = ((int)gx - tile.X * TileMath.TileSize, (int)gy - tile.Y * TileMath.TileSize);
        Assert.True(bitmap.GetPixel(px, py).Alpha > 0, "the tile is hot where the incident is");

        var manifestReq = HttpCall.Request(host.Services, "GET", "/api/heatmaps/manifest.json");
        var manifest = await HttpCall.ExecuteAsync(manifestReq, api.Manifest(manifestReq, CancellationToken.None));
        Assert.Equal(200, manifest.Status);
        Assert.True(manifest.Json.GetProperty("simulated").GetBoolean());
    }

    [Fact]
    public async Task Absent_tile_is_transparent_and_bad_requests_are_400()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var api = host.Function<HeatmapsApi>();
        async Task<HttpAnswer> Tile(string layer, string window, string z, string x = "0", string y = "0")
        {
            var req = HttpCall.Request(host.Services, "GET", $"/api/heatmaps/{layer}/{window}/{z}/{x}/{y}.png");
            return await HttpCall.ExecuteAsync(req, api.Tile(req, layer, window, z, x, y, CancellationToken.None));
        }

        var empty = await Tile("all", "7d", "12", "3373", "1552");
        Assert.Equal(200, empty.Status);
        using (var bitmap = SKBitmap.Decode(empty.Body))
            Assert.All(bitmap.Pixels, p => Assert.Equal(0, p.Alpha));

        WorkOrdersApiTests.AssertProblem(await Tile("no-such-layer", "24h", "14"), 400);
        WorkOrdersApiTests.AssertProblem(await Tile("all", "1y", "14"), 400);
        WorkOrdersApiTests.AssertProblem(await Tile("all", "24h", "11"), 400);
        WorkOrdersApiTests.AssertProblem(await Tile("all", "24h", "19"), 400);

        var tj = HttpCall.Request(host.Services, "GET", "/api/heatmaps/garbage-overflow/24h/tilejson.json");
        var tileJson = await HttpCall.ExecuteAsync(tj, api.TileJson(tj, "garbage-overflow", "24h", CancellationToken.None));
        Assert.Equal(200, tileJson.Status);
        Assert.Contains("/garbage-overflow/24h/{z}/{x}/{y}.png", tileJson.Json.GetProperty("tiles")[0].GetString());
    }

    [Fact]
    public async Task Health_says_the_detector_is_simulation_and_names_the_stand_ins()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var req = HttpCall.Request(host.Services, "GET", "/api/health");
        var answer = await HttpCall.ExecuteAsync(req, host.Function<HealthApi>().Run(req, CancellationToken.None));
        Assert.Equal(200, answer.Status);
        var json = answer.Json;
        Assert.Equal("simulation", json.GetProperty("detector").GetProperty("provider").GetString());
        Assert.True(json.GetProperty("detector").GetProperty("simulation").GetBoolean());
        Assert.Contains("SIMULATION", json.GetProperty("detector").GetProperty("note").GetString());
        Assert.True(json.GetProperty("localMode").GetBoolean());
        Assert.Equal("lize", json.GetProperty("districtId").GetString());
        var standIns = json.GetProperty("standIns").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(standIns, s => s!.Contains("Azurite"));
        Assert.Contains(standIns, s => s!.Contains("cosmosdb-server"));
        var parts = json.GetProperty("parts").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("up").GetBoolean());
        Assert.True(parts["cosmos"]);
        Assert.True(parts["storage"]);
        Assert.Equal("ok", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_answers_503_naming_cosmos_when_it_does_not_answer()
    {
        using var stalled = new StalledListener();
        var services = new ServiceCollection();
        services.AddLogging();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage"] = fixture.StorageConnectionString,
            ["Cosmos:connectionString"] = $"AccountEndpoint=http://127.0.0.1:{stalled.Port}/;AccountKey={Yunbao.LocalStack.LocalStandIns.CosmosEmulatorKey};",
            ["LocalMode"] = "true",
        }).Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddYunbaoFunctions(configuration);
        await using var provider = services.BuildServiceProvider();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var req = HttpCall.Request(provider, "GET", "/api/health");
        var answer = await HttpCall.ExecuteAsync(req, ActivatorUtilities.CreateInstance<HealthApi>(provider).Run(req, CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        WorkOrdersApiTests.AssertProblem(answer, 503);
        Assert.Equal(["cosmos"], answer.Json.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("cosmos", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(answer.Json.GetProperty("detector").GetProperty("simulation").GetBoolean());
    }
}
