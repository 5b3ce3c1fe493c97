using Yunbao.Contracts;
namespace Yunbao.DevHost;

/// <summary>What one DevHost run does. The command line fills it; tests set smaller fleets and shorter periods.</summary>
public sealed record DevHostOptions
{
    /// <summary>07:00-19:00 Beijing: a working day with the morning patrol, lunch and the 17:00 rush, in a few minutes of wall time.</summary>
    public const double DefaultHours = 12;
    /// <summary>Simulated hours to run.</summary>
    public double Hours { get; init; } = DefaultHours;
    /// <summary>Simulated seconds per real second (1440: a day in a minute).</summary>
    public double Speedup { get; init; } = 1440;
    public int Seed { get; init; } = 42;
    /// <summary>HTTP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; } = 7071;
    /// <summary>Keep the API and stand-ins up after the simulated period until Ctrl-C.</summary>
    public bool KeepRunning { get; init; }
    /// <summary>
    /// True: the old path, the simulated fleet writes frames and Event Grid events straight into storage. False (default):
    /// the fleet runs as edge module instances and steward phones talking to the IoT Hub stand-in over MQTT and file upload.
    /// </summary>
    public bool Direct { get; init; }
    /// <summary>Simulated start (UTC); default: today 07:00 Beijing time, when the morning patrol starts.</summary>
    public DateTimeOffset? Start { get; init; }
    public int Stewards { get; init; } = 10;
    /// <summary>Adjusts the simulated fleet (tests use a smaller one); null keeps the simulator's defaults.</summary>
    public Action<Yunbao.Edge.Simulator.SimulatorOptions>? ConfigureFleet { get; init; }
    /// <summary>Settings on top of the DevHost's own (e.g. "Heatmaps:MaxZoom"), same names as the Functions app's.</summary>
    public IReadOnlyDictionary<string, string?>? ExtraSettings { get; init; }
    /// <summary>
    /// Simulated interval between heatmap rollups (once more at the end). The Functions app rolls up every 5 minutes;
    /// here every 2 simulated hours (a few real seconds), since each rollup competes with the fleet for the CPU.
    /// </summary>
    public TimeSpan RollupEvery { get; init; } = TimeSpan.FromHours(2);
    /// <summary>Simulated interval between SLA checks.</summary>
    public TimeSpan SlaCheckEvery { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Live progress table (a terminal) or plain log lines (redirected output, tests).</summary>
    public bool Interactive { get; init; } = !Console.IsOutputRedirected;
    /// <summary>How often every queue message is delivered (1; the at-least-once fault test uses 3: each message re-enqueued twice).</summary>
    public int DeliverEachMessage { get; init; } = 1;
    /// <summary>Directory for the run log; default .devhost/ under the repository root.</summary>
    public string? LogDirectory { get; init; }

    public DateTimeOffset SimulatedStart => Start ?? DefaultStart();

    private static DateTimeOffset DefaultStart()
    {
        var beijing = DistrictTime.BeijingOffset;
        var today = TimeProvider.System.GetUtcNow().ToOffset(beijing).Date;
        return new DateTimeOffset(today.AddHours(7), beijing).ToUniversalTime();
    }
}
