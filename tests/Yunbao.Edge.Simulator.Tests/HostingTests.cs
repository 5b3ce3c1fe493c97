using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Edge.Simulator.Output;

namespace Yunbao.Edge.Simulator.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task RunAsync_follows_the_supplied_clock_and_options_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Seed"] = "99",
            ["Simulator:PatrolCaptureIntervalSeconds"] = "1000000",
            ["Simulator:CaptureOnSighting"] = "false",
            ["Simulator:FixedCaptureIntervalSeconds"] = "1000000",
        }).Build();
        var clock = new FakeTimeProvider(TestWorld.Wednesday(8));
        var sink = new MemoryFleetSink(keepImages: false);
        using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton(TestWorld.Lize)
            .AddSingleton<IFleetSink>(sink)
            .AddFleetSimulator(configuration)
            .BuildServiceProvider();
        var sim = provider.GetRequiredService<FleetSimulator>();
        Assert.Equal(99, sim.Options.Seed);

        using var cts = new CancellationTokenSource();
        var run = sim.RunAsync(cts.Token);
        await WaitUntil(() => sim.Now == TestWorld.Wednesday(8));
        clock.Advance(TimeSpan.FromMinutes(10));                  // the accelerated clock jumps: the fleet catches up
        await WaitUntil(() => sim.Now == TestWorld.Wednesday(8).AddMinutes(10));
        cts.Cancel();
        await run;

        Assert.Equal(TestWorld.Wednesday(8).AddMinutes(10), sim.Now);
        Assert.InRange(sim.Patrol.DistanceDrivenMeters, 20 / 3.6 * 600, 30 / 3.6 * 600);
        Assert.Equal(sim.GetCounters().TelemetryMessages, sink.Telemetry.Count);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting for the simulation");
            await Task.Delay(20);
        }
    }
}
