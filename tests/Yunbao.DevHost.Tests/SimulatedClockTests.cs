using Microsoft.Extensions.Time.Testing;
using Yunbao.DevHost;

namespace Yunbao.DevHost.Tests;

/// <summary>The simulated clock on a fake real-time base: every value is exact, nothing depends on this machine's speed.</summary>
public sealed class SimulatedClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _real = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Stands_still_until_begun_then_runs_at_the_speedup()
    {
        var clock = new SimulatedClock(Start, speedup: 3600, _real);
        _real.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(Start, clock.GetUtcNow());
        Assert.False(clock.Running);

        clock.Begin();
        _real.Advance(TimeSpan.FromMilliseconds(200));

        // 200 ms real at 3600x is 12 simulated minutes.
        Assert.True(clock.Running);
        Assert.Equal(TimeSpan.FromMinutes(12), clock.SimulatedElapsed);
        Assert.Equal(Start.AddMinutes(12), clock.GetUtcNow());
    }

    [Fact]
    public async Task Delays_on_the_clock_take_simulated_time()
    {
        var clock = new SimulatedClock(Start, speedup: 600, _real);
        clock.Begin();
        var delay = Task.Delay(TimeSpan.FromMinutes(1), clock);   // one simulated minute = 100 ms real

        _real.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(delay.IsCompleted);
        _real.Advance(TimeSpan.FromMilliseconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
    }

    [Fact]
    public void Paused_clock_holds_simulated_time_and_resumes_where_it_stopped()
    {
        var clock = new SimulatedClock(Start, speedup: 3600, _real);
        clock.Begin();
        _real.Advance(TimeSpan.FromMilliseconds(50));   // 3 simulated minutes
        clock.Pause();
        var held = clock.GetUtcNow();
        Assert.Equal(Start.AddMinutes(3), held);

        _real.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(held, clock.GetUtcNow());
        Assert.False(clock.Running);

        clock.Begin();
        _real.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(Start.AddMinutes(6), clock.GetUtcNow());
    }

    [Fact]
    public void Timers_are_scaled_to_real_time()
    {
        var clock = new SimulatedClock(Start, speedup: 60, _real);
        clock.Begin();
        var ticks = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref ticks), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        _real.Advance(TimeSpan.FromSeconds(1));   // one simulated minute
        Assert.Equal(1, Volatile.Read(ref ticks));
        _real.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, Volatile.Read(ref ticks));
        Assert.Equal(Start.AddMinutes(3), clock.GetUtcNow());
    }
}
