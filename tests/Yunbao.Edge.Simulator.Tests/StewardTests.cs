using Yunbao.Contracts.Telemetry;
using Yunbao.Edge.Simulator.Output;

namespace Yunbao.Edge.Simulator.Tests;

public sealed class StewardTests
{
    [Fact]
    public async Task A_steward_walks_the_streets_to_an_assigned_target_and_arrives()
    {
        var sink = new MemoryFleetSink(keepImages: false);
        var options = TestWorld.Options();
        options.PatrolCaptureIntervalSeconds = 1e9;
        options.CaptureOnSighting = false;
        options.FixedCaptureIntervalSeconds = 1e9;
        var sim = new FleetSimulator(options, sink, TestWorld.Lize);
        var arrivals = new List<StewardArrival>();
        sim.StewardArrived += arrivals.Add;
        var t0 = TestWorld.Wednesday(10);
        await sim.StepAsync(t0);

        Assert.Equal(10, sim.Stewards.Count);
        var steward = sim.Stewards[3];
        var target = TestWorld.Lize.Network.Streets.First(s => s.Id == "luotuowan-st").Path.PointAt(500);
        var road = TestWorld.Lize.Network.RoadDistanceMeters(steward.Position, target);
        sim.AssignTarget(steward.StewardId, target);

        var walkSeconds = road / (options.StewardWalkSpeedKmh / 3.6);
        var result = await sim.StepAsync(t0.AddSeconds(walkSeconds * 1.3 + 120));
        var arrival = Assert.Single(result.Arrivals);
        Assert.Equal(arrival, Assert.Single(arrivals));
        Assert.Equal(steward.StewardId, arrival.StewardId);
        Assert.True((arrival.At - t0).TotalSeconds >= walkSeconds * 0.8, "walking speed, not teleporting");
        var now = sim.Stewards.Single(s => s.StewardId == steward.StewardId);
        Assert.True(now.Arrived);
        Assert.True(now.Position.DistanceTo(target) < 6);

        // position reports are steward reports with the available flag; one arrives the moment the steward does
        var reports = sink.Telemetry.Where(t => t.DeviceId == steward.StewardId).Select(t => (PositionReport)t.Body).ToList();
        Assert.All(reports, r => Assert.Equal(("steward", steward.StewardId, true), (r.Kind, r.StewardId, r.Available)));
        Assert.Contains(reports, r => r.Ts == arrival.At);

        sim.SetStewardAvailable(steward.StewardId, false);
        sim.ReleaseSteward(steward.StewardId);
        await sim.StepAsync(arrival.At.AddMinutes(10));
        var later = sim.Stewards.Single(s => s.StewardId == steward.StewardId);
        Assert.False(later.Available);
        Assert.Null(later.Target);
        Assert.Throws<KeyNotFoundException>(() => sim.AssignTarget("steward-99", target));
    }

    [Fact]
    public async Task A_resolved_violation_is_gone_from_the_next_frames()
    {
        var sink = new MemoryFleetSink(keepImages: false);
        var options = TestWorld.Options();
        options.PatrolCaptureIntervalSeconds = 1e9; // only the captures triggered by what comes into range
        options.FixedCaptureIntervalSeconds = 1e9;
        var sim = new FleetSimulator(options, sink, TestWorld.Lize);
        var t0 = TestWorld.Wednesday(10);
        await sim.StepAsync(t0);
        var damage = sim.World.Active.First(v => v.CategoryCode == "road-damage");

        var resolved = sim.ResolveAt(damage.Position, "road-damage");
        Assert.Contains(damage, resolved);
        Assert.Equal(1, sim.GetCounters().ViolationsResolved);
        await sim.StepAsync(t0.AddHours(2.2)); // the loop passes every street within ~2 h
        var truth = sink.Frames.SelectMany(f => Contracts.Simulation.GroundTruthCodec.Decode(f.Metadata["simgroundtruth"]));
        Assert.DoesNotContain(truth, o => o.CategoryCode == "road-damage" && Math.Abs(o.Lon - damage.Position.Lon) < 1e-7 && Math.Abs(o.Lat - damage.Position.Lat) < 1e-7);
        // the patrol looked at the fixed spot again (revisit), so the pipeline can verify the fix
        Assert.Contains(sink.Frames, f => f.Capture.Position.DistanceTo(damage.Position) < 25);
    }
}
