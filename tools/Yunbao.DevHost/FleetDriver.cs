using Microsoft.Extensions.Logging;
using Yunbao.Edge.Simulator;
using Yunbao.Edge.Simulator.Output;

namespace Yunbao.DevHost;

/// <summary>
/// Steps the simulated fleet along the accelerated clock. Its output goes through the IoT Hub stand-in (<see cref="IotHubFleet"/>:
/// modules upload frames and send telemetry over MQTT), or with --direct straight into storage through the direct sink
/// (frame blob + the BlobCreated event Event Grid would deliver; DeviceTelemetry events).
/// </summary>
public sealed class FleetDriver
{
    private readonly SimulatedClock _clock;
    private readonly IFleetSink _sink;

    public FleetDriver(SimulatedClock clock, DevHostOptions options, string storageConnectionString, ILoggerFactory logs)
        : this(clock, options, new ConcurrentFleetSink(DirectStorageFleetSink.ForConnectionString(storageConnectionString, clock, logs.CreateLogger<DirectStorageFleetSink>())), logs)
    {
    }

    /// <summary>The fleet with another sink: the IoT Hub fleet (modules and phones behind the stand-in) is the DevHost's default.</summary>
    public FleetDriver(SimulatedClock clock, DevHostOptions options, IFleetSink sink, ILoggerFactory logs)
    {
        _clock = clock;
        _sink = sink;
        var fleet = new SimulatorOptions { Seed = options.Seed, StewardCount = options.Stewards };
        options.ConfigureFleet?.Invoke(fleet);
        Simulator = new FleetSimulator(fleet, sink, clock: clock, logger: logs.CreateLogger<FleetSimulator>());
    }

    public FleetSimulator Simulator { get; }
    public long FramesWritten => Simulator.Counters.Frames;
    public long TelemetryWritten => Simulator.Counters.TelemetryByType.Values.Sum();

    /// <summary>Backlog (queued messages) above which simulated time stops until the pipeline is down to <see cref="ResumeBacklog"/>.</summary>
    public const int PauseBacklog = 64;
    public const int ResumeBacklog = 16;

    public long Pauses { get; private set; }

    /// <summary>Where the run's wall time went: the bottleneck of a slow run, named (DevHost summary, bench/README.md).</summary>
    public FleetWallTime WallTime { get; } = new();

    /// <summary>
    /// Steps the fleet along the clock until <paramref name="end"/>. Simulated time waits for the work instead of racing
    /// ahead of it (drawing and uploading frames, and the functions' <paramref name="backlog"/>, take real time), so SLAs
    /// and windows stay meaningful on a slow machine: the speed-up is an upper bound.
    /// </summary>
    public async Task RunUntilAsync(DateTimeOffset end, Func<CancellationToken, Task<int>> backlog, CancellationToken ct)
    {
        while (true)
        {
            // Time stands still while the fleet draws and uploads up to "now", and while the functions work off a backlog;
            // it only runs in the short wait below. So the fleet never lags the clock and the clock never outruns the pipeline.
            _clock.Pause();
            var mark = TimeProvider.System.GetTimestamp();
            var target = Min(_clock.GetUtcNow(), end);
            if (Simulator.Now is null || target > Simulator.Now) await Simulator.StepAsync(target, ct);
            mark = WallTime.AddStepping(mark);
            // The uploads of a step overlap; the step ends when they are all in storage. (The IoT Hub fleet must not be
            // wrapped in ConcurrentFleetSink: the simulator has to see its IDeviceFleetSink.)
            if (_sink is ConcurrentFleetSink concurrent) await concurrent.FlushAsync(ct);
            if (_sink is IotHubFleet devices) await devices.FlushCapturesAsync(ct);
            mark = WallTime.AddUploading(mark);
            if (Simulator.Now >= end) return;
            if (await backlog(ct) > PauseBacklog)
            {
                Pauses++;
                while (await backlog(ct) > ResumeBacklog) await Task.Delay(100, ct);
            }
            mark = WallTime.AddWaitingForPipeline(mark);
            _clock.Begin();
            await Task.Delay(100, ct);
            WallTime.AddClockRunning(mark);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
