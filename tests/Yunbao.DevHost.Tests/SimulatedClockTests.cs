using Yunbao.DevHost;

namespace Yunbao.DevHost.Tests;

public sealed class SimulatedClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Stands_still_until_begun_then_runs_at_the_speedup()
    {
        var clock = new SimulatedClock(Start, speedup: 3600);
        Thread.Sleep(50);
        Assert.Equal(Start, clock.GetUtcNow());

        clock.Begin();
        Thread.Sleep(200);
        var elapsed = clock.GetUtcNow() - Start;
        // 200 ms real at 3600x is 12 simulated minutes; allow for a slow, shared machine.
        Assert.InRange(elapsed, TimeSpan.FromMinutes(11), TimeSpan.FromMinutes(60));
    }

    [Fact]
    public async Task Delays_on_the_clock_take_simulated_time()
    {
        var clock = new SimulatedClock(Start, speedup: 600);
        clock.Begin();
        var real = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromMinutes(1), clock);   // one simulated minute = 100 ms real
        Assert.InRange(real.Elapsed, TimeSpan.FromMilliseconds(80), TimeSpan.FromSeconds(5));
        Assert.True(clock.GetUtcNow() - Start >= TimeSpan.FromSeconds(50));
    }

    [Fact]
    public void Paused_clock_holds_simulated_time_and_resumes_where_it_stopped()
    {
        var clock = new SimulatedClock(Start, speedup: 3600);
        clock.Begin();
        Thread.Sleep(50);
        clock.Pause();
        var held = clock.GetUtcNow();
        Thread.Sleep(100);
        Assert.Equal(held, clock.GetUtcNow());

        clock.Begin();
        Thread.Sleep(50);
        Assert.True(clock.GetUtcNow() > held);
    }
}
