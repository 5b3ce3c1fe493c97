namespace Yunbao.DevHost;

/// <summary>
/// An accelerated clock: simulated time = start + running real time × speed-up. Registered as THE TimeProvider
/// in the DevHost, so SLAs, heatmap windows and time-of-day rules all run on simulated time. It can pause: the
/// DevHost holds simulated time still while the pipeline catches up with a backlog (or drains at the end), so
/// an SLA never breaches because this machine was slow. Timers are scaled too.
/// <para>
/// "Real time" is the base <see cref="TimeProvider"/> (the system clock by default); tests pass a fake one.
/// </para>
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly TimeProvider _real;
    private TimeSpan _banked;           // simulated time accumulated before the current running stretch
    private long? _runningSince;        // base timestamp of the current running stretch; null = stopped

    public SimulatedClock(DateTimeOffset simulatedStart, double speedup, TimeProvider? realTime = null)
    {
        if (speedup <= 0) throw new ArgumentOutOfRangeException(nameof(speedup), "The speed-up must be positive.");
        SimulatedStart = simulatedStart;
        Speedup = speedup;
        _real = realTime ?? System;
    }

    public DateTimeOffset SimulatedStart { get; }
    public double Speedup { get; }

    public bool Running
    {
        get { lock (_gate) return _runningSince is not null; }
    }

    /// <summary>Starts (or resumes) simulated time; until then the clock stands still (provisioning takes no simulated time).</summary>
    public void Begin()
    {
        lock (_gate) _runningSince ??= _real.GetTimestamp();
    }

    /// <summary>Holds simulated time still until <see cref="Begin"/>.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (_runningSince is not { } since) return;
            _banked += _real.GetElapsedTime(since) * Speedup;
            _runningSince = null;
        }
    }

    public TimeSpan SimulatedElapsed
    {
        get
        {
            lock (_gate) return _banked + (_runningSince is { } since ? _real.GetElapsedTime(since) * Speedup : TimeSpan.Zero);
        }
    }

    public override DateTimeOffset GetUtcNow() => SimulatedStart + SimulatedElapsed;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Real time that passes while <paramref name="simulated"/> passes on this clock (when running).</summary>
    public TimeSpan ToReal(TimeSpan simulated) => simulated / Speedup;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan t) => t == Timeout.InfiniteTimeSpan ? t : ToReal(t);
}
