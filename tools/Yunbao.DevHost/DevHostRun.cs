using Azure;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Contracts.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Ports;
using Yunbao.Application.WorkOrders;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.WorkOrders;
using Yunbao.Functions;
using Yunbao.Functions.Http;
using Yunbao.Infrastructure;
using Yunbao.Infrastructure.Cosmos;
using Yunbao.LocalStack;
using Yunbao.DevHost.Health;

namespace Yunbao.DevHost;

/// <summary>
/// One local run of the whole pipeline: the stand-ins, ONE service provider with the Functions app's
/// registrations on an accelerated clock, the HTTP API with the Functions routes, queue pumps and timers
/// that call the same function classes, simulated stewards, and the simulated fleet.
/// </summary>
public sealed class DevHostRun : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> StorageContainers = StorageNames.Containers;
    public static readonly IReadOnlyList<string> Queues = StorageNames.Queues;
    public const string IotHubStandInNote = "iot-hub: IoT Hub STAND-IN (local, not Azure IoT Hub): MQTT and file upload on 127.0.0.1, the simulated fleet runs as edge module instances and steward phones";
    public const string DirectSinkNote = "iot-hub: not running (--direct), the simulated fleet writes frame blobs and the Event Grid events IoT Hub would produce straight into storage (stand-in)";

    private readonly DevHostOptions _options;
    private readonly LocalStandIns _standIns;
    private readonly WebApplication _app;
    private readonly ILogger _logger;
    private readonly List<QueuePump> _pumps;
    private readonly List<HeatmapRollupResult> _rollups = [];
    private long _realStart;

    private DevHostRun(DevHostOptions options, LocalStandIns standIns, WebApplication app, SimulatedClock clock, int port, string logFile, List<QueuePump> pumps)
    {
        _pumps = pumps;
        _options = options;
        _standIns = standIns;
        _app = app;
        Clock = clock;
        Port = port;
        LogFile = logFile;
        _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Yunbao.DevHost");
    }

    public SimulatedClock Clock { get; }
    /// <summary>The supervised stand-ins (Azurite, cosmosdb-server).</summary>
    public LocalStandIns StandIns => _standIns;
    public int Port { get; }
    public string LogFile { get; }
    public IServiceProvider Services => _app.Services;
    public string ApiBaseUrl => $"http://127.0.0.1:{Port}/api";
    public string ConsoleUrl => $"http://127.0.0.1:{Port}/console/";
    public string StewardUrl => $"http://127.0.0.1:{Port}/steward/";
    public string CitizenUrl => $"http://127.0.0.1:{Port}/citizen/";
    public string DistrictId => Services.GetRequiredService<IOptions<DistrictOptions>>().Value.DistrictId;
    public IReadOnlyList<QueuePump> Pumps => _pumps;
    public FleetDriver? Fleet { get; private set; }
    public StewardSimulation? StewardSimulation { get; private set; }
    /// <summary>Simulated citizens posting through the real Open311 route (created with the fleet).</summary>
    public CitizenSimulation? CitizenSimulation { get; private set; }
    private CitizenSimulation.Keys? _citizenKeys;
    private HttpClient? _citizenHttp;
    /// <summary>The IoT Hub stand-in and the fleet's module instances and phones; null with --direct.</summary>
    public IotHubFleet? IotHub { get; private set; }
    /// <summary>The Event Hubs stand-in (in process): `ops-events` receives the work orders' events.</summary>
    public EventHubsStandIn.EventHubsStandIn? EventHubs { get; private init; }
    /// <summary>Tiles the rollups drew and wrote (a rollup keeps pyramids whose incidents did not change).</summary>
    public int TilesWritten => _rollups.Sum(r => r.TilesRendered);
    public QueueServiceClient QueueService => new(_standIns.StorageConnectionString, QueueOptions);
    public BlobServiceClient BlobService => new(_standIns.StorageConnectionString);

    /// <summary>host.json says messageEncoding base64: Event Grid writes Base64 too.</summary>
    public static readonly QueueClientOptions QueueOptions = new() { MessageEncoding = QueueMessageEncoding.Base64 };

    /// <summary>The settings the Functions app reads, pointing at this run's stand-ins (the same names as local.settings.sample.json).</summary>
    public static Dictionary<string, string?> Settings(LocalStandIns standIns, DevHostOptions options, int port) => new()
    {
        ["AzureWebJobsStorage"] = standIns.StorageConnectionString,
        ["Storage"] = standIns.StorageConnectionString,
        ["Cosmos:connectionString"] = standIns.CosmosConnectionString,
        ["Cosmos:databaseName"] = CosmosNames.Database,
        ["Detector:Provider"] = "simulation",
        ["SimulationDetector:Seed"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["District:DistrictId"] = "lize",
        ["Heatmaps:TileBaseUrl"] = $"http://127.0.0.1:{port}/api/heatmaps",
        ["LocalMode"] = "true",
        // HealthApi splits this on ';'.
        ["StandIns"] = options.Direct ? DirectSinkNote : IotHubStandInNote,
    };

    public static async Task<DevHostRun> StartAsync(DevHostOptions options, Action<string> progress, CancellationToken ct)
    {
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
        var standIns = await LocalStandIns.StartAsync(new LocalStandInsOptions { Log = progress }, ct);
        var eventHubs = await LocalEventHubs.StartAsync();
        progress(eventHubs.Banner);
        try
        {
            var port = options.Port == 0 ? FreePort.Next() : options.Port;
            var clock = new SimulatedClock(options.SimulatedStart, options.Speedup);
            var logDirectory = options.LogDirectory ?? Path.Combine(standIns.RepoRoot, ".devhost");
            Directory.CreateDirectory(logDirectory);
            var logFile = Path.Combine(logDirectory, $"devhost-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}-{port}.log");

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = standIns.RepoRoot });
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(Settings(standIns, options, port));
            var (citizenKeys, citizenSettings) = CitizenSimulation.IssueKeys();
            builder.Configuration.AddInMemoryCollection(citizenSettings);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["EventHubs:connectionString"] = LocalEventHubs.NamespaceConnectionString(eventHubs),
                ["StandIns"] = (options.Direct ? DirectSinkNote : IotHubStandInNote) + "; event-hubs: " + eventHubs.Banner,
            });
            if (options.ExtraSettings is not null) builder.Configuration.AddInMemoryCollection(options.ExtraSettings);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Logging.AddFilter("Azure", LogLevel.Warning);
            builder.Logging.AddProvider(new FileLoggerProvider(logFile, clock));
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));

            builder.Services.AddYunbaoFunctions(builder.Configuration);
            // THE clock: registered last so it replaces the system clock everywhere (SLAs, windows, rules).
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddSingleton(clock);
            builder.Services.AddRouting();
            // /api/health also checks what only the local runner has: the stand-ins' processes and the queue pumps.
            var pumps = new List<QueuePump>();
            builder.Services.AddSingleton<IHealthContributor>(new StandInsHealthContributor(standIns));
            builder.Services.AddSingleton<IHealthContributor>(new QueuePumpsHealthContributor(pumps));
            builder.Services.AddSingleton<IHealthContributor>(new EventHubsHealthContributor(eventHubs));

            var app = builder.Build();
            // The console and steward pages (dashboard/dist, built by tools/install-deps.sh) on the API's own origin.
            var pages = Dashboard.Serve(app, standIns.RepoRoot);
            // The citizen page's Open311 key: a public client key by design (it names the page, not a person), so it is
            // served to the page; locally it is the simulated key issued at start, labelled as such.
            app.MapGet("/citizen/config.json", () => Microsoft.AspNetCore.Http.Results.Json(new CitizenPageConfig(citizenKeys.PageKey, "本地模拟 LOCAL simulated key")));
            FunctionEndpoints.Map(app, FunctionEndpoints.Discover(typeof(HttpApi).Assembly));
            var run = new DevHostRun(options, standIns, app, clock, port, logFile, pumps) { _citizenKeys = citizenKeys, EventHubs = eventHubs };
            standIns.OnRestarted = run.OnStandInRestartedAsync;
            await run.ProvisionAsync(progress, ct);
            await app.StartAsync(ct);
            progress($"HTTP API on {run.ApiBaseUrl} (the Functions app's routes)");
            progress(pages ? $"Pages: dispatcher console {run.ConsoleUrl}   steward page {run.StewardUrl}   citizen page {run.CitizenUrl}"
                : "Pages: not built (dashboard/dist is missing: run tools/install-deps.sh)");
            return run;
        }
        catch
        {
            await eventHubs.DisposeAsync();
            await standIns.DisposeAsync();
            throw;
        }
    }

    private async Task ProvisionAsync(Action<string> progress, CancellationToken ct)
    {
        await Services.EnsureYunbaoResourcesAsync(ct);

        var logs = Services.GetRequiredService<ILoggerFactory>();
        if (_options.Direct)
            Fleet = new FleetDriver(Clock, _options, _standIns.StorageConnectionString, logs);
        else
        {
            IotHub = await IotHubFleet.StartAsync(_standIns.StorageConnectionString, _standIns.RepoRoot, logs, ct);
            Fleet = new FleetDriver(Clock, _options, IotHub, logs);
            await IotHub.AttachAsync(Fleet.Simulator, Clock, ct);
            progress(IotHub.Hub.Banner);
        }
        StewardSimulation = ActivatorUtilities.CreateInstance<StewardSimulation>(Services, Fleet.Simulator, DistrictId, _options.Seed);
        await StewardSimulation.SeedAsync(ct);
        _citizenHttp = new HttpClient { BaseAddress = new Uri(ApiBaseUrl + "/") };
        CitizenSimulation = ActivatorUtilities.CreateInstance<CitizenSimulation>(Services, _citizenHttp, Fleet.Simulator, _citizenKeys!, _options.Seed);
        progress($"Provisioned containers {string.Join(", ", StorageContainers)}, queues {string.Join(", ", Queues)}, Cosmos database {CosmosNames.Database}; seeded {_options.Stewards} stewards");
    }

    /// <summary>Stand-in restarts (each lost that stand-in's in-memory data), for the summary.</summary>
    public IReadOnlyList<string> DataLossNotices
    {
        get { lock (_dataLoss) return [.. _dataLoss]; }
    }

    private readonly List<string> _dataLoss = [];

    /// <summary>A stand-in exited and LocalStack restarted it EMPTY on its ports: re-create what the run needs and say what was lost.</summary>
    private async Task OnStandInRestartedAsync(string name, CancellationToken ct)
    {
        var notice = name == LocalStandIns.CosmosName
            ? $"cosmosdb-server exited and was restarted at {Clock.GetUtcNow():u} (simulated): ALL IN-MEMORY COSMOS DATA WAS LOST (incidents, work orders, stewards before then); database and containers re-created, stewards re-seeded"
            : $"{name} exited and was restarted at {Clock.GetUtcNow():u} (simulated): ALL ITS IN-MEMORY DATA WAS LOST (blobs, queue messages); containers and queues re-created";
        _logger.LogError("Stand-in {StandIn} exited and was restarted on its ports; {Notice}", name, notice);
        lock (_dataLoss) _dataLoss.Add(notice);
        await Services.EnsureYunbaoResourcesAsync(ct);
        if (name == LocalStandIns.CosmosName && StewardSimulation is not null) await StewardSimulation.SeedAsync(ct);
        _logger.LogWarning("Re-provisioned after the {StandIn} restart", name);
    }

    /// <summary>Runs the simulated period: fleet, pumps, timers, stewards; then drains the queues and rolls up once more.</summary>
    public async Task RunSimulationAsync(Action<DevHostProgress>? onProgress, CancellationToken ct)
    {
        var end = Clock.SimulatedStart + TimeSpan.FromHours(_options.Hours);
        using var stopPumps = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopLoops = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var queueTrigger = QueueTriggerSettings.FromHostJson();
        foreach (var queueFunction in FunctionInvoker.DiscoverQueues(typeof(HttpApi).Assembly))
        {
            var f = queueFunction;
            var pump = new QueuePump(new QueueServiceClient(_standIns.StorageConnectionString, QueuePump.RawOptions).GetQueueClient(f.QueueName),
                QueueService.GetQueueClient(f.QueueName + StorageNames.PoisonSuffix),
                (message, token) => FunctionInvoker.InvokeAsync(Services, f.FunctionClass, f.Method, message, token), _logger,
                deliveries: _options.DeliverEachMessage, settings: queueTrigger);
            _pumps.Add(pump);
        }
        var pumpTasks = _pumps.Select(p => Task.Run(() => p.RunAsync(stopPumps.Token), CancellationToken.None)).ToList();

        _realStart = TimeProvider.System.GetTimestamp();
        Clock.Begin();
        _logger.LogInformation("Simulation from {Start:u} to {End:u} at {Speedup}x", Clock.SimulatedStart, end, _options.Speedup);

        var timers = FunctionInvoker.DiscoverTimers(typeof(HttpApi).Assembly).ToDictionary(t => t.Name);
        var loops = new List<Task>
        {
            EveryAsync(_options.RollupEvery, () => RollupAsync(timers, stopLoops.Token), stopLoops.Token),
            EveryAsync(_options.SlaCheckEvery, () => InvokeTimerAsync(timers, nameof(Yunbao.Functions.Triggers.EnforceSlas), stopLoops.Token), stopLoops.Token),
            EveryAsync(TimeSpan.FromMinutes(1), () => InvokeTimerAsync(timers, nameof(Yunbao.Functions.Triggers.PublishOpsEvents), stopLoops.Token), stopLoops.Token),
            EveryAsync(TimeSpan.FromMinutes(1), () => StewardSimulation!.StepAsync(stopLoops.Token), stopLoops.Token),
            EveryAsync(TimeSpan.FromMinutes(1), () => CitizenSimulation!.StepAsync(stopLoops.Token), stopLoops.Token),
        };
        if (onProgress is not null)
            loops.Add(RealEveryAsync(TimeSpan.FromSeconds(1), async () => onProgress(await ProgressAsync(stopLoops.Token)), stopLoops.Token));

        await Fleet!.RunUntilAsync(end, BacklogAsync, ct);
        _logger.LogInformation("Simulated period's wall time: {WallTime}", Fleet.WallTime);

        // The period is over: simulated time stops at its end while the devices finish their uploads and outboxes and the pumps
        // finish what the fleet produced, then one last rollup.
        Clock.Pause();
        if (IotHub is not null) await IotHub.DrainAsync(ct);
        await WaitForQueuesToDrainAsync(ct);
        await stopLoops.CancelAsync();
        await Task.WhenAll(loops.Select(IgnoreCancellation));
        await RollupAsync(timers, ct);
        if (!_options.KeepRunning)
        {
            await stopPumps.CancelAsync();
            await Task.WhenAll(pumpTasks.Select(IgnoreCancellation));
        }
        onProgress?.Invoke(await ProgressAsync(ct));
    }

    private async Task RollupAsync(Dictionary<string, TimerFunction> timers, CancellationToken ct)
    {
        if (await InvokeTimerAsync(timers, nameof(Yunbao.Functions.Triggers.RollupHeatmaps), ct) is HeatmapRollupResult r)
            lock (_rollups) _rollups.Add(r);
    }

    private Task<object?> InvokeTimerAsync(Dictionary<string, TimerFunction> timers, string name, CancellationToken ct) =>
        FunctionInvoker.InvokeAsync(Services, timers[name].FunctionClass, timers[name].Method,
            new Microsoft.Azure.Functions.Worker.TimerInfo(), ct);

    public async Task WaitForQueuesToDrainAsync(CancellationToken ct)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(5);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            var depths = await QueueDepthsAsync(ct);
            if (depths[StorageNames.FrameEventsQueue] == 0 && depths[StorageNames.TelemetryQueue] == 0) return;
            await Task.Delay(200, ct);
        }
        _logger.LogWarning("Queues did not drain within 5 minutes");
    }

    /// <summary>Runs <paramref name="work"/> each time the simulated clock passes another <paramref name="simulatedInterval"/> (never overlapping).</summary>
    private async Task EveryAsync(TimeSpan simulatedInterval, Func<Task> work, CancellationToken ct)
    {
        var next = Clock.GetUtcNow() + simulatedInterval;
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await poll.WaitForNextTickAsync(ct))
        {
            var now = Clock.GetUtcNow();
            if (now < next) continue;
            while (next <= now) next += simulatedInterval;   // a slow run skips ticks rather than queueing them
            try { await work(); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) { _logger.LogWarning(e, "Timer work failed; it runs again next tick"); }
        }
    }

    private async Task RealEveryAsync(TimeSpan interval, Func<Task> work, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try { await work(); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) { _logger.LogWarning(e, "Timer work failed; it runs again next tick"); }
        }
    }

    private static async Task IgnoreCancellation(Task t)
    {
        try { await t; } catch (OperationCanceledException) { }
    }

    private async Task<int> BacklogAsync(CancellationToken ct)
    {
        // Telemetry still in the devices' outboxes and frames still uploading count too.
        var total = (int)Math.Min(int.MaxValue, IotHub?.Pending ?? 0);
        try
        {
            foreach (var name in new[] { StorageNames.FrameEventsQueue, StorageNames.TelemetryQueue })
                total += (await QueueService.GetQueueClient(name).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
        {
            // Storage is restarting (or not re-provisioned yet): an unknown backlog counts as full, so the fleet waits for it.
            _logger.LogWarning("Queue depths unreadable ({reason}); the fleet waits for storage", e.Message);
            return int.MaxValue;
        }
        return total;
    }

    public async Task<Dictionary<string, int>> QueueDepthsAsync(CancellationToken ct)
    {
        var depths = new Dictionary<string, int>();
        foreach (var name in Queues)
            depths[name] = (await QueueService.GetQueueClient(name).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        return depths;
    }

    public async Task<Dictionary<WorkOrderStatus, int>> OrdersByStateAsync(CancellationToken ct)
    {
        var workOrders = Services.GetRequiredService<WorkOrderQueries>();
        var counts = Enum.GetValues<WorkOrderStatus>().ToDictionary(s => s, _ => 0);
        string? token = null;
        do
        {
            var page = await workOrders.QueryAsync(new WorkOrderQuery { DistrictId = DistrictId, PageSize = 200, ContinuationToken = token }, ct);
            foreach (var o in page.Items) counts[o.Status]++;
            token = page.ContinuationToken;
        } while (token is not null);
        return counts;
    }

    public async Task<List<WorkOrder>> AllOrdersAsync(CancellationToken ct)
    {
        var workOrders = Services.GetRequiredService<WorkOrderQueries>();
        var all = new List<WorkOrder>();
        string? token = null;
        do
        {
            var page = await workOrders.QueryAsync(new WorkOrderQuery { DistrictId = DistrictId, PageSize = 200, ContinuationToken = token }, ct);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        } while (token is not null);
        return all;
    }

    public async Task<List<Incident>> AllIncidentsAsync(CancellationToken ct)
    {
        var incidents = Services.GetRequiredService<IIncidentRepository>();
        var list = new List<Incident>();
        await foreach (var i in incidents.ListObservedBetweenAsync(DistrictId, Clock.SimulatedStart - TimeSpan.FromDays(1), Clock.GetUtcNow() + TimeSpan.FromDays(1), ct))
            list.Add(i);
        return list;
    }

    /// <summary>Simulated seconds per real second so far (at most the speed-up: time waits for the pipeline).</summary>
    public double EffectiveSpeedup =>
        _realStart == 0 ? 0 : Clock.SimulatedElapsed.TotalSeconds / Math.Max(0.001, TimeProvider.System.GetElapsedTime(_realStart).TotalSeconds);

    public async Task<DevHostProgress> ProgressAsync(CancellationToken ct)
    {
        var orders = await OrdersByStateAsync(ct);
        var depths = await QueueDepthsAsync(ct);
        var frames = _pumps.FirstOrDefault(p => p.QueueName == StorageNames.FrameEventsQueue);
        return new DevHostProgress(Clock.GetUtcNow(), Clock.SimulatedStart + TimeSpan.FromHours(_options.Hours),
            Fleet?.FramesWritten ?? 0, frames?.Processed ?? 0, Fleet?.TelemetryWritten ?? 0, orders.Values.Sum(), orders, depths, TilesWritten,
            StewardSimulation?.Transitions ?? 0, EffectiveSpeedup, IotHubStatsOf(IotHub));
    }

    public async Task<DevHostSummary> SummarizeAsync(CancellationToken ct)
    {
        var incidents = await AllIncidentsAsync(ct);
        var orders = await AllOrdersAsync(ct);
        var stewards = await Services.GetRequiredService<IStewardRepository>().ListAsync(DistrictId, ct);
        var depths = await QueueDepthsAsync(ct);
        var tiles = 0;
        await foreach (var _ in BlobService.GetBlobContainerClient(StorageNames.HeatmapsContainer).GetBlobsAsync(cancellationToken: ct)) tiles++;
        var detector = Services.GetRequiredService<Yunbao.Application.Ports.IDetector>();
        return new DevHostSummary(
            Clock.SimulatedStart, Clock.GetUtcNow(), Fleet?.FramesWritten ?? 0, Fleet?.TelemetryWritten ?? 0,
            incidents.Count, orders.Count,
            orders.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count()),
            orders.Count(o => o.OccurrenceCount > 1),
            stewards.Count(s => s.ActiveOrderIds.Count > 0), stewards.Count,
            TilesWritten, tiles, depths["frame-events-poison"] + depths["telemetry-poison"],
            ApiBaseUrl, $"{ApiBaseUrl}/heatmaps/all/24h/{{z}}/{{x}}/{{y}}.png", $"{ApiBaseUrl}/heatmaps/manifest.json",
            detector.Name, detector.IsSimulation, LogFile, IotHubStatsOf(IotHub), DataLossNotices);
    }

    /// <summary>Records the simulator's violations of this run as SIMULATED ground truth and scores the pipeline against them (#15).</summary>
    public async Task<Yunbao.Domain.Evaluation.PipelineScorecard?> ScorecardAsync(CancellationToken ct)
    {
        if (Fleet is null) return null;
        var scorecards = Services.GetRequiredService<Yunbao.Application.Evaluation.PipelineScorecards>();
        await scorecards.RecordGroundTruthAsync(ScorecardPrinter.GroundTruthOf(Fleet.Simulator.World, DistrictId, Clock.SimulatedStart, Clock.GetUtcNow()), ct);
        return await scorecards.ComputeAsync(ct);
    }

    private static IotHubStats? IotHubStatsOf(IotHubFleet? fleet) => fleet is null ? null : new IotHubStats(
        Yunbao.IotHubStandIn.IotHubStandIn.Label, fleet.Stats.Connections, fleet.Stats.RefusedConnections, fleet.Stats.DeviceToCloudMessages,
        fleet.Stats.MessagesByType, fleet.Stats.RoutedToTelemetryQueue, fleet.Stats.UploadsStarted, fleet.Stats.UploadsCompleted,
        fleet.Stats.UploadsFailed + fleet.Stats.UploadsRefused, fleet.Hub.MqttPort, fleet.Hub.HttpBaseAddress.ToString())
    {
        MqttTlsPort = fleet.Hub.MqttTlsPort, HttpsBaseAddress = fleet.Hub.HttpsBaseAddress?.ToString(), CaCertificatePath = fleet.Hub.CaCertificatePath,
    };

    public async ValueTask DisposeAsync()
    {
        try { await _app.StopAsync(); } catch (Exception) { /* shutting down */ }
        await _app.DisposeAsync();
        _citizenHttp?.Dispose();
        if (IotHub is not null) await IotHub.DisposeAsync();
        if (EventHubs is not null) await EventHubs.DisposeAsync();
        await _standIns.DisposeAsync();
    }
}
