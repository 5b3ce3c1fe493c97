using System.Diagnostics;
using System.Globalization;
using Yunbao.DevHost;

namespace Yunbao.Bench;

/// <summary>
/// The local runner in this process (the same <see cref="DevHostRun"/> as ./run-local.sh: Azurite, the Cosmos DB stand-in,
/// the Functions' services and routes on 127.0.0.1, queue pumps), after a short simulated period, kept running so the
/// benchmarks can load it. Loopback only.
/// </summary>
internal sealed class LocalPipeline : IAsyncDisposable
{
    private LocalPipeline(DevHostRun run, TimeSpan simulation, double hours)
    {
        Run = run;
        SimulationWallTime = simulation;
        Hours = hours;
    }

    public DevHostRun Run { get; }
    /// <summary>Wall time of the simulated period (fleet, pumps, timers, final drain and rollup).</summary>
    public TimeSpan SimulationWallTime { get; }
    public double Hours { get; }

    public static async Task<LocalPipeline> StartAsync(double hours, bool direct, CancellationToken ct)
    {
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
        var options = new DevHostOptions
        {
            Hours = hours, Port = 0, KeepRunning = true, Direct = direct, Interactive = false,
            LogDirectory = Path.Combine(Path.GetTempPath(), "yunbao-bench-devhost"),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Starting the local runner in-process ({(direct ? "--direct" : "IoT Hub stand-in path")}, {hours} simulated hours, SIMULATED detections) ..."));
        var run = await DevHostRun.StartAsync(options, line => Console.WriteLine("  " + line), ct);
        try
        {
            var watch = Stopwatch.StartNew();
            await run.RunSimulationAsync(null, ct);
            return new LocalPipeline(run, watch.Elapsed, hours);
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await Run.DisposeAsync();
}
