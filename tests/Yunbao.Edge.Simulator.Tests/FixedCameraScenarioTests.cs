
namespace Yunbao.Edge.Simulator.Tests;

public sealed class FixedCameraScenarioTests
{
    [Fact]
    public async Task Rush_hour_errand_parking_on_Luotuowan_St_is_seen_by_a_fixed_camera_on_frames_minutes_apart()
    {
        var sink = new Output.MemoryFleetSink(keepImages: false);
        var options = TestWorld.Options();
        options.PatrolCaptureIntervalSeconds = 1e9;
        options.CaptureOnSighting = false;
        var sim = new FleetSimulator(options, sink, TestWorld.Lize);
        Assert.InRange(sim.FixedCameras.Count, 4, 6);
        await sim.StepAsync(TestWorld.Wednesday(16.8));
        await sim.StepAsync(TestWorld.Wednesday(18.5));

        var sightings = sink.Frames
            .Where(f => f.Capture.Source == Contracts.Frames.EventSource.FixedCamera)
            .SelectMany(f => Contracts.Simulation.GroundTruthCodec.Decode(f.Metadata["simgroundtruth"]).Select(o => (f.Capture.CapturedAt, o)))
            .Where(x => x.o.CategoryCode == "illegal-parking")
            .GroupBy(x => (x.o.Lon, x.o.Lat))
            .ToList();
        Assert.Contains(sightings, g => g.Max(x => x.CapturedAt) - g.Min(x => x.CapturedAt) >= TimeSpan.FromMinutes(3));
    }
}
