using Microsoft.Extensions.DependencyInjection;
using Yunbao.Application.Evaluation;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Simulation;
using Yunbao.Functions.Http;
using Yunbao.Functions.Triggers;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>GET /api/scorecard on real storage: a frame through DetectFrame, recorded simulated ground truth, the route's JSON.</summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class ScorecardApiTests(LocalStackFixture fixture)
{
    [Fact]
    public async Task The_route_scores_the_orders_against_the_recorded_simulated_ground_truth()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var seenAt = FunctionsTestHost.Now.AddMinutes(-5);
        var frame = await host.UploadFrameAsync(FunctionsTestHost.Spot, seenAt, ("bin", "garbage-overflow"));
        await host.Function<DetectFrame>().Run(FunctionsTestHost.AsRuntimeDelivers(frame), CancellationToken.None);
        var far = new GeoPoint(FunctionsTestHost.Spot.Lon + 0.005, FunctionsTestHost.Spot.Lat);
        await host.Services.GetRequiredService<PipelineScorecards>().RecordGroundTruthAsync(new SimulatedGroundTruth("lize",
            FunctionsTestHost.Now.AddHours(-1), FunctionsTestHost.Now.AddMinutes(1),
            [
                new GroundTruthViolation("v-bin", "garbage-overflow", FunctionsTestHost.Spot.Lon, FunctionsTestHost.Spot.Lat, seenAt.AddMinutes(-10), null),
                new GroundTruthViolation("v-pothole", "road-damage", far.Lon, far.Lat, seenAt, null),
            ]), CancellationToken.None);

        var req = HttpCall.Request(host.Services, "GET", "/api/scorecard", headers: FunctionsTestHost.Dispatcher);
        var answer = await HttpCall.ExecuteAsync(req, host.Function<ScorecardApi>().Get(req, CancellationToken.None));

        Assert.Equal(200, answer.Status);
        Assert.Contains("SIMULATED", answer.Json.GetProperty("label").GetString(), StringComparison.Ordinal);
        var all = answer.Json.GetProperty("overall");
        Assert.Equal((2, 1, 1, 1, 0), (all.GetProperty("present").GetInt32(), all.GetProperty("caught").GetInt32(), all.GetProperty("missed").GetInt32(),
            all.GetProperty("orders").GetInt32(), all.GetProperty("falseOrders").GetInt32()));
        Assert.Equal(0.5, all.GetProperty("recall").GetDouble());
        Assert.Equal(["v-pothole"], answer.Json.GetProperty("missedViolationIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("PatrolVehicle", answer.Json.GetProperty("bySource")[0].GetProperty("key").GetString());

        var steward = HttpCall.Request(host.Services, "GET", "/api/scorecard", headers: HttpCall.As("steward-a", Roles.Steward));
        Assert.Equal(403, (await HttpCall.ExecuteAsync(steward, host.Function<ScorecardApi>().Get(steward, CancellationToken.None))).Status);
    }
}
