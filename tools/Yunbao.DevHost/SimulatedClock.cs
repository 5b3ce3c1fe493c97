using System.Diagnostics;

namespace Yunbao.DevHost;

/// <summary>
/// An accelerated clock: simulated time = start + real elapsed × speed-up. Registered as THE TimeProvider
/// in the DevHost, so SLAs, heatmap windows and time-of-day rules all run on simulated time. Timers are
/// scaled too, so a service that waits on this clock waits simulated time.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private long _startTimestamp;   // 0 until Begin(): provisioning and start-up take no simulated time

    public SimulatedClock(DateTimeOffset simulatedStart, double speedup)
    {
        if (speedup <= 0) throw new ArgumentOutOfRangeException(nameof(speedup), "The speed-up must be positive.");
        SimulatedStart = simulatedStart;
        Speedup = speedup;
    }

    public DateTimeOffset SimulatedStart { get; }
    public double Speedup { get; }

    public bool Running => Interlocked.Read(ref _startTimestamp) != 0;

    /// <summary>Starts simulated time; until then the clock stands at <see cref="SimulatedStart"/>.</summary>
    public void Begin() => Interlocked.CompareExchange(ref _startTimestamp, Stopwatch.GetTimestamp(), 0);

    public TimeSpan SimulatedElapsed => Running ? Stopwatch.GetElapsedTime(Interlocked.Read(ref _startTimestamp)) * Speedup : TimeSpan.Zero;

    public override DateTimeOffset GetUtcNow() => SimulatedStart + SimulatedElapsed;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Real time that passes while <paramref name="simulated"/> passes on this clock.</summary>
    public TimeSpan ToReal(TimeSpan simulated) => simulated / Speedup;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan t) => t == Timeout.InfiniteTimeSpan ? t : ToReal(t);
}
