using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Telemetry;
using Yunbao.DevHost.Modules;
using Yunbao.DevHost.Modules.Simulation;
using Yunbao.Edge.EnvSensor;
using Yunbao.Edge.FixedCamera;
using Yunbao.Edge.IotHub;
using Yunbao.Edge.Modules;
using Yunbao.Edge.PatrolCamera;
using Yunbao.Edge.Simulator;
using Yunbao.Edge.Simulator.Output;
using Yunbao.IotHubStandIn;

namespace Yunbao.DevHost;

/// <summary>
/// The simulated fleet as IoT Hub devices: the IoT Hub STAND-IN on loopback, real PatrolCamera / FixedCamera / EnvSensor
/// module instances (ModuleFleet) whose SIMULATED sources look at the FleetSimulator's world, and the stewards' phones as
/// plain device clients. The FleetSimulator decides when (on simulated time, its triggered captures included); the
/// modules draw, upload through IoT Hub file upload (BlobCreated on `frame-events`) and send telemetry over MQTT
/// (DeviceTelemetry on `telemetry` through the stand-in's routing).
/// Clocks: the IoT Hub clients and the stand-in run on the system clock (SAS tokens are signed by one and validated by
/// the other, upload SAS by Azurite); capture times and readings are the simulator's, so only the data is simulated time.
/// </summary>
public sealed class IotHubFleet : IDeviceFleetSink, IAsyncDisposable
{
    /// <summary>A patrol capture is four uploads; IoT Hub allows ten in flight per device, so two captures may overlap.</summary>
    private const int CapturesInFlightPerDevice = 2;
    /// <summary>Marks the SIMULATED fleet's messages, as the direct sink does (TelemetryIngestionService.SimulatedProperty).</summary>
    private static readonly Dictionary<string, string> Simulated = new() { [Yunbao.Application.Telemetry.TelemetryIngestionService.SimulatedProperty] = "true" };

    private readonly IotHubStandIn.IotHubStandIn _hub;
    private readonly string _outboxDirectory;
    private readonly ILoggerFactory _logs;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _captureSlots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _captures = new();
    private readonly Dictionary<string, IotHubClient> _phones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EdgeModule> _modules = new(StringComparer.Ordinal);
    private readonly List<string> _sensorTypes = [];
    private ModuleFleet? _moduleFleet;
    private long _framesUploaded, _framesFailed;

    private IotHubFleet(IotHubStandIn.IotHubStandIn hub, string outboxDirectory, ILoggerFactory logs)
    {
        (_hub, _outboxDirectory, _logs) = (hub, outboxDirectory, logs);
        _logger = logs.CreateLogger("Yunbao.DevHost.IotHubFleet");
    }

    public IotHubStandIn.IotHubStandIn Hub => _hub;
    public StandInStats Stats => _hub.Stats;
    public long FramesUploaded => Interlocked.Read(ref _framesUploaded);
    public long FramesFailed => Interlocked.Read(ref _framesFailed);

    /// <summary>Telemetry still in the devices' outboxes plus captures still uploading: the DevHost counts it as backlog.</summary>
    public long Pending => _captures.Count + _modules.Values.Sum(m => m.Client.PendingMessages) + _phones.Values.Sum(p => p.PendingMessages);

    /// <summary>Starts the stand-in (system clock) on the run's Azurite account; devices are added by <see cref="AttachAsync"/>.</summary>
    public static async Task<IotHubFleet> StartAsync(string storageConnectionString, string repoRoot, ILoggerFactory logs, CancellationToken ct)
    {
        var manifest = Path.Combine(repoRoot, "edge-modules", "deployment.template.json");
        var hub = await IotHubStandIn.IotHubStandIn.StartAsync(new IotHubStandInOptions
        {
            StorageConnectionString = storageConnectionString,
            HubName = "yunbao-local",
            // TLS as real devices need it; the CA is made on the first run and kept outside the repo so a device trusts it once.
            CertificateDirectory = Path.Combine(Path.GetTempPath(), "yunbao-devhost", "iothub-ca"),
            // Module twins start with the deployment's desired properties and module output goes upstream only by its edgeHub routes.
            DeploymentManifestPath = File.Exists(manifest) ? manifest : null,
        }, logs, TimeProvider.System, ct);
        var outbox = Path.Combine(Path.GetTempPath(), "yunbao-devhost-outbox", Guid.NewGuid().ToString("N"));
        return new IotHubFleet(hub, outbox, logs);
    }

    /// <summary>Registers the fleet's identities and connects every module and phone; their sources look at <paramref name="fleet"/>'s world.</summary>
    public async Task AttachAsync(FleetSimulator fleet, TimeProvider simulatedClock, CancellationToken ct)
    {
        var o = fleet.Options;
        var sources = new SimulationSources(o, fleet.World, fleet.Patrol, driveClock: false);
        var specs = new List<ModuleSpec>
        {
            new PatrolCameraSpec(o.PatrolDeviceId, sources.PatrolFrames, sources.PatrolPosition,
                new PatrolCameraSettings { FrameWidth = o.ImageWidth, FrameHeight = o.ImageHeight }),
        };
        specs.AddRange(fleet.FixedCameras.Select(c => new FixedCameraSpec(c.DeviceId, sources.FixedFrames, new FixedPositionSource(c.Position, c.HeadingDeg),
            new FixedCameraSettings { FrameWidth = o.ImageWidth, FrameHeight = o.ImageHeight })));
        specs.AddRange(fleet.Sensors.Select(s => new EnvSensorSpec(s.DeviceId, new SimulatedSensor(s),
            new EnvSensorSettings { Thresholds = AlarmThreshold.Defaults })));

        _moduleFleet = await ModuleFleet.StartAsync(_hub, specs, new ModuleFleetOptions
        {
            OutboxDirectory = _outboxDirectory,
            DistrictId = fleet.District.DistrictId,
            RunSchedules = false,                  // the simulator says when, on simulated time
            ModuleClock = simulatedClock,
            MessageProperties = new Dictionary<string, string>(Simulated),
        }, _logs, TimeProvider.System, ct);
        foreach (var module in _moduleFleet.Modules)
        {
            _modules[module.Context.DeviceId] = module;
            if (module is EnvSensorModule sensor) sensor.MessageQueued += m => { lock (_sensorTypes) _sensorTypes.Add(m.Type); };
        }

        foreach (var steward in fleet.Stewards)
        {
            _hub.AddDevice(steward.StewardId);
            var phone = await IotHubClient.CreateAsync(ModuleFleet.ClientOptionsFor(_hub, steward.StewardId, null, new ModuleFleetOptions { OutboxDirectory = _outboxDirectory }),
                _logs, TimeProvider.System, cancellationToken: ct);
            await phone.StartAsync(ct);
            _phones[steward.StewardId] = phone;
        }
        _logger.LogInformation("{standIn}: {modules} SIMULATED module instances and {phones} steward phones connect over MQTT", IotHubStandIn.IotHubStandIn.Label, _modules.Count, _phones.Count);
    }

    public Task PublishFrameAsync(FrameCapture capture, byte[] jpeg, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Frames of the IoT Hub fleet are drawn and uploaded by its camera modules (CaptureAsync).");

    public async Task CaptureAsync(IReadOnlyList<FrameCapture> captures, CancellationToken cancellationToken)
    {
        if (captures.Count == 0) return;
        var first = captures[0];
        var slots = _captureSlots.GetOrAdd(first.DeviceId, _ => new SemaphoreSlim(CapturesInFlightPerDevice));
        await slots.WaitAsync(cancellationToken);
        // The modules draw synchronously before their first upload awaits, so each frame shows the world of this simulated second
        // while its uploads overlap the next simulated seconds of the same step (FleetDriver flushes them before time runs on).
        Task<int> upload;
        try
        {
            upload = _modules.GetValueOrDefault(first.DeviceId) switch
            {
                PatrolCameraModule patrol => CountAsync(patrol.CaptureAsync(new PositionFix(first.CapturedAt, first.Position, first.HeadingDeg, first.SpeedKmh), cancellationToken)),
                FixedCameraModule camera => CountAsync(camera.CaptureAsync(first.CapturedAt, cancellationToken)),
                _ => throw new InvalidOperationException($"No camera module runs on {first.DeviceId}."),
            };
        }
        catch
        {
            slots.Release();
            throw;
        }
        var tracked = upload.ContinueWith(t =>
        {
            slots.Release();
            var uploaded = t.IsCompletedSuccessfully ? t.Result : 0;
            Interlocked.Add(ref _framesUploaded, uploaded);
            Interlocked.Add(ref _framesFailed, captures.Count - uploaded);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _captures.TryAdd(tracked, 0);
        _ = tracked.ContinueWith(t => _captures.TryRemove(t, out _), TaskScheduler.Default);
    }

    private static async Task<int> CountAsync(Task<IReadOnlyList<string>> names) => (await names).Count;

    private static async Task<int> CountAsync(Task<string?> name) => await name is null ? 0 : 1;

    public async Task<IReadOnlyList<string>> ReadSensorAsync(string deviceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (_modules.GetValueOrDefault(deviceId) is not EnvSensorModule sensor)
            throw new InvalidOperationException($"No EnvSensor module runs on {deviceId}.");
        lock (_sensorTypes) _sensorTypes.Clear();
        await sensor.ReadOnceAsync(at, cancellationToken);
        lock (_sensorTypes) return [.. _sensorTypes];
    }

    public Task PublishTelemetryAsync(string deviceId, string? moduleId, string type, object body, CancellationToken cancellationToken)
    {
        if (_modules.GetValueOrDefault(deviceId) is PatrolCameraModule patrol && body is PositionReport r)
            return patrol.ReportPositionAsync(new PositionFix(r.Ts, new GeoPoint(r.Lon, r.Lat), r.HeadingDeg, r.SpeedKmh), cancellationToken);
        if (_phones.TryGetValue(deviceId, out var phone))
            return phone.SendEventAsync(type, body, properties: Simulated, cancellationToken: cancellationToken);
        throw new InvalidOperationException($"No device client sends {type} telemetry for {deviceId}.");
    }

    /// <summary>Waits until every capture started so far is uploaded (its BlobCreated queued, or the failure counted).</summary>
    public async Task FlushCapturesAsync(CancellationToken ct)
    {
        while (!_captures.IsEmpty) await Task.WhenAll(_captures.Keys.ToArray()).WaitAsync(ct);
    }

    /// <summary>Waits until every capture is uploaded (BlobCreated queued) and every outbox is acknowledged (DeviceTelemetry queued).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        await FlushCapturesAsync(ct);
        foreach (var client in _modules.Values.Select(m => m.Client).Concat(_phones.Values))
            await client.WaitForOutboxDrainedAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_moduleFleet is not null) await _moduleFleet.DisposeAsync();
        foreach (var phone in _phones.Values) await phone.DisposeAsync();
        await _hub.DisposeAsync();
        try { Directory.Delete(_outboxDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
