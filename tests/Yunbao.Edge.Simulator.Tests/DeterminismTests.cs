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
        for (var t = t0 + stepSize; t <= t0.AddMinutes(20); t += stepSize) await sim.StepAsync(t);
        var frames = sink.Frames
            .Select(f => $"{f.Capture.BlobName} {Convert.ToHexString(SHA256.HashData(f.Jpeg))} {string.Join(";", f.Metadata.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value))}")
            .ToList();
        var violations = sim.World.All.Select(v => v.ToString()).ToList();
        return (frames, violations);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_frames_and_violations_however_time_is_stepped()
    {
        var inOneGo = await RunAsync(42, TimeSpan.FromMinutes(20));
        var minuteByMinute = await RunAsync(42, TimeSpan.FromMinutes(1));

        Assert.NotEmpty(inOneGo.Frames);
        Assert.Equal(inOneGo.Violations, minuteByMinute.Violations);
        Assert.Equal(inOneGo.Frames, minuteByMinute.Frames);
    }

    [Fact]
    public async Task Another_seed_gives_another_world()
    {
        var a = await RunAsync(1, TimeSpan.FromMinutes(20));
        var b = await RunAsync(2, TimeSpan.FromMinutes(20));
        Assert.NotEqual(a.Violations, b.Violations);
    }
}
