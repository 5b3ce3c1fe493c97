namespace Yunbao.DevHost;

/// <summary>
/// The fleet driver's wall time by phase. Simulated time only runs in <see cref="ClockRunning"/>; the rest is time it stood
/// still for the fleet (drawing frames, uploading them) or for the functions' backlog, so the largest of those is the bottleneck.
/// </summary>
public sealed class FleetWallTime
{
    private long _stepping, _uploading, _waiting, _running;

    public TimeSpan Stepping => TimeSpan.FromTicks(Interlocked.Read(ref _stepping));
    public TimeSpan Uploading => TimeSpan.FromTicks(Interlocked.Read(ref _uploading));
    public TimeSpan WaitingForPipeline => TimeSpan.FromTicks(Interlocked.Read(ref _waiting));
    public TimeSpan ClockRunning => TimeSpan.FromTicks(Interlocked.Read(ref _running));

    internal long AddStepping(long since) => Add(ref _stepping, since);
    internal long AddUploading(long since) => Add(ref _uploading, since);
    internal long AddWaitingForPipeline(long since) => Add(ref _waiting, since);
    internal long AddClockRunning(long since) => Add(ref _running, since);

    public override string ToString() =>
        $"fleet stepping (drawing, telemetry) {Stepping.TotalSeconds:0.0} s, uploading frames {Uploading.TotalSeconds:0.0} s, " +
        $"waiting for the functions' backlog {WaitingForPipeline.TotalSeconds:0.0} s, clock running {ClockRunning.TotalSeconds:0.0} s";

    private static long Add(ref long total, long since)
    {
        var now = TimeProvider.System.GetTimestamp();
        Interlocked.Add(ref total, TimeProvider.System.GetElapsedTime(since, now).Ticks);
        return now;
    }
}
