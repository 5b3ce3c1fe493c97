using System.Security.Cryptography;
using Yunbao.Edge.Simulator.Output;

namespace Yunbao.Edge.Simulator.Tests;

public sealed class DeterminismTests
{
    private static async Task<(List<string> Frames, List<string> Violations)> RunAsync(int seed, TimeSpan stepSize)
    {
        var sink = new MemoryFleetSink();
        var sim = new FleetSimulator(TestWorld.Options(seed), sink, TestWorld.Lize);
        var t0 = TestWorld.Wednesday(17.5);
        await sim.StepAsync(t0);
        for (var t = t0 + stepSize; t <= t0.AddMinutes(10); t += stepSize) await sim.StepAsync(t);
        var frames = sink.Frames
            .Select(f => $"{f.Capture.BlobName} {Convert.ToHexString(SHA256.HashData(f.Jpeg))} {string.Join(";", f.Metadata.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value))}")
            .ToList();
        var violations = sim.World.All.Select(v => v.ToString()).ToList();
        return (frames, violations);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_frames_and_violations_however_time_is_stepped()
    {
        var inOneGo = await RunAsync(42, TimeSpan.FromMinutes(10));
        var minuteByMinute = await RunAsync(42, TimeSpan.FromMinutes(1));

        Assert.NotEmpty(inOneGo.Frames);
        Assert.Equal(inOneGo.Violations, minuteByMinute.Violations);
        Assert.Equal(inOneGo.Frames, minuteByMinute.Frames);
    }

    [Fact]
    public void Another_seed_gives_another_world()
    {
        var a = TestWorld.NewWorld(1);
        var b = TestWorld.NewWorld(2);
        a.AdvanceTo(TestWorld.Wednesday(12));
        b.AdvanceTo(TestWorld.Wednesday(12));
        Assert.NotEqual(a.All.Select(v => v.Position), b.All.Select(v => v.Position));
    }
}
