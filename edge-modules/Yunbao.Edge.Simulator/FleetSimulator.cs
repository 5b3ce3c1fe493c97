using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Telemetry;
using Yunbao.Domain.Catalog;
using Yunbao.Edge.Simulator.Devices;
using Yunbao.Edge.Simulator.Imaging;
using Yunbao.Edge.Simulator.Output;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator;

/// <summary>
/// The simulated fleet of Lize: one patrol car with a 360° camera, fixed cameras, stewards and sensors, in a
/// world of seeded violations. Time moves only when asked: <see cref="StepAsync"/> advances to a simulated
/// instant in whole simulated seconds (tests step it directly), <see cref="RunAsync"/> follows a supplied
/// clock (the DevHost's accelerated one). Everything it produces goes to the <see cref="IFleetSink"/>.
/// All output is simulated and says so (frame overlay, `simulated=true` metadata, logs).
/// </summary>
public sealed class FleetSimulator : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly SimulatorOptions _options;
    private readonly IFleetSink _sink;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SimulatedFrameSource _patrolFrames;
    private readonly SimulatedFrameSource _fixedFrames;
    private readonly List<StewardWalker> _stewards;
    private readonly Dictionary<string, StewardWalker> _stewardById;
    private readonly List<(ISimulatedStation Source, List<SensorAlarm> Alarms)> _sensors;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly SemaphoreSlim _stepGate = new(1, 1);
    private readonly Dictionary<string, long> _frameSequence = new(StringComparer.Ordinal);
    private readonly FleetCounters _counters = new();

    private DateTimeOffset? _now;
    private DateTimeOffset _nextPatrolCapture, _nextPatrolReport, _lastPatrolCapture;
    private readonly Dictionary<string, DateTimeOffset> _nextFixedCapture = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _nextStewardReport = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSensorReading;

    public FleetSimulator(
        SimulatorOptions options,
        IFleetSink sink,
        SimulatedDistrict? district = null,
        CategoryCatalog? catalog = null,
        TimeProvider? clock = null,
        ILogger<FleetSimulator>? logger = null)
    {
        _options = options;
        _sink = sink;
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        District = district ?? SimulatedDistrict.Lize();
        World = new WorldModel(options, District, catalog ?? CategoryCatalog.Default);
        Patrol = new PatrolVehicle(options, District);

        var renderer = new SyntheticFrameRenderer(options.JpegQuality, World.Zone, options.PatrolCameraHeightMeters);
        var fixedRenderer = new SyntheticFrameRenderer(options.JpegQuality, World.Zone, options.FixedCameraHeightMeters);
        _patrolFrames = new SimulatedFrameSource(World, renderer, new CameraMount(options.PatrolCameraHeightMeters, options.CameraHorizontalFovDeg, options.CameraRangeMeters));
        _fixedFrames = new SimulatedFrameSource(World, fixedRenderer, new CameraMount(options.FixedCameraHeightMeters, options.CameraHorizontalFovDeg, options.FixedCameraRangeMeters));

        FixedCameras = PlaceFixedCameras();
        _stewards = PlaceStewards();
        _stewardById = _stewards.ToDictionary(s => s.StewardId, StringComparer.Ordinal);
        _sensors = PlaceSensors();
    }

    public SimulatorOptions Options => _options;
    public SimulatedDistrict District { get; }
    public WorldModel World { get; }
    public PatrolVehicle Patrol { get; }
    public IReadOnlyList<FixedCamera> FixedCameras { get; }
    public IReadOnlyList<ISimulatedStation> Sensors => _sensors.Select(s => s.Source).ToList();
    /// <summary>The simulated time reached so far; null before the first step.</summary>
    public DateTimeOffset? Now => _now;
    public FleetCounters Counters => _counters;

    /// <summary>Raised (on the stepping thread) when a steward reaches an assigned target.</summary>
    public event Action<StewardArrival>? StewardArrived;

    public IReadOnlyList<StewardSnapshot> Stewards =>
        _stewards.Select(s => s.Snapshot(_now ?? DateTimeOffset.UnixEpoch, World.Zone)).ToList();

    public FleetCountersSnapshot GetCounters() => new(
        _now ?? DateTimeOffset.MinValue,
        _counters.Frames,
        _counters.TelemetryByType,
        World.Active.Count,
        World.ResolvedCount,
        World.All.Count,
        Patrol.DistanceDrivenMeters / 1000);

    // ---- commands from the DevHost (thread-safe; steward commands take effect at the next simulated second) ----

    /// <summary>A steward fixed the problem: active violations of that category near the position disappear now.</summary>
    public IReadOnlyList<Violation> ResolveAt(GeoPoint position, string categoryCode)
    {
        var resolved = World.ResolveAt(position, categoryCode);
        _logger.LogInformation("Simulation: {Count} {Category} violation(s) resolved at {Position}", resolved.Count, categoryCode, position);
        return resolved;
    }

    /// <summary>Sends a steward walking along the streets to a target (an order's location).</summary>
    public void AssignTarget(string stewardId, GeoPoint target)
    {
        var steward = StewardOrThrow(stewardId);
        _commands.Enqueue(() => steward.AssignTarget(target));
    }

    /// <summary>The steward is done at the target and goes back to the beat.</summary>
    public void ReleaseSteward(string stewardId)
    {
        var steward = StewardOrThrow(stewardId);
        _commands.Enqueue(steward.Release);
    }

    /// <summary>Marks a steward (un)available (the shift hours still apply).</summary>
    public void SetStewardAvailable(string stewardId, bool available)
    {
        var steward = StewardOrThrow(stewardId);
        _commands.Enqueue(() => steward.ManuallyAvailable = available);
    }

    // ---- time ----

    /// <summary>
    /// Advances the simulation to <paramref name="until"/> (whole simulated seconds), publishing everything due
    /// on the way, in time order. The first call sets the start. Deterministic: the same seed, start and
    /// commands give the same output however the interval is cut into steps.
    /// </summary>
    public async Task<StepResult> StepAsync(DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await _stepGate.WaitAsync(cancellationToken);
        try
        {
            var frames = _counters.Frames;
            var telemetry = _counters.TelemetryByType.Values.Sum();
            var arrivals = new List<StewardArrival>();
            if (_now is null)
            {
                var start = new DateTimeOffset(until.UtcTicks - until.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
                Start(start);
                await TickAsync(start, arrivals, cancellationToken);
            }
            while (_now!.Value + Tick <= until)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var t = _now.Value + Tick;
                await TickAsync(t, arrivals, cancellationToken);
            }
            return new StepResult(_now.Value, (int)(_counters.Frames - frames), (int)(_counters.TelemetryByType.Values.Sum() - telemetry), arrivals);
        }
        finally
        {
            _stepGate.Release();
        }
    }

    /// <summary>
    /// Follows the supplied clock until cancelled. It paces itself on wall time (<see cref="SimulatorOptions.RunPollInterval"/>)
    /// and reads the simulated "now" from the clock, so an accelerated clock simply makes each step cover more simulated time.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("SIMULATED fleet running for district {DistrictId}: 1 patrol car, {Cameras} fixed cameras, {Stewards} stewards, {Sensors} sensors (seed {Seed})",
            District.DistrictId, FixedCameras.Count, _stewards.Count, _sensors.Count, _options.Seed);
        while (!cancellationToken.IsCancellationRequested)
        {
            await StepAsync(_clock.GetUtcNow(), cancellationToken);
            try { await Task.Delay(_options.RunPollInterval, TimeProvider.System, cancellationToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    private void Start(DateTimeOffset t)
    {
        _now = t;
        _nextPatrolCapture = _nextPatrolReport = _nextSensorReading = t;
        _lastPatrolCapture = DateTimeOffset.MinValue;
        for (var i = 0; i < FixedCameras.Count; i++)
            _nextFixedCapture[FixedCameras[i].DeviceId] = t + TimeSpan.FromSeconds(_options.FixedCaptureIntervalSeconds * i / Math.Max(1, FixedCameras.Count));
        for (var i = 0; i < _stewards.Count; i++)
            _nextStewardReport[_stewards[i].StewardId] = t + TimeSpan.FromSeconds(Math.Floor(_options.StewardReportIntervalSeconds * i / Math.Max(1, _stewards.Count)));
        World.AdvanceTo(t);
        Patrol.AdvanceTo(t);
        _logger.LogInformation("SIMULATED fleet starts at {Start:O}: patrol loop {LoopKm:F1} km, {Violations} violations planned", t, District.PatrolLoop.LengthMeters / 1000, World.All.Count);
    }

    private async Task TickAsync(DateTimeOffset t, List<StewardArrival> arrivals, CancellationToken ct)
    {
        while (_commands.TryDequeue(out var command)) command();
        var first = t == _now && _lastPatrolCapture == DateTimeOffset.MinValue;
        _now = t;
        World.AdvanceTo(t);
        Patrol.AdvanceTo(t);

        // stewards walk, report on their schedule and at once on arrival
        foreach (var s in _stewards)
        {
            var arrived = !first && s.Walk(Tick);
            if (arrived)
            {
                var arrival = new StewardArrival(s.StewardId, s.Target!.Value, t);
                arrivals.Add(arrival);
                StewardArrived?.Invoke(arrival);
            }
            if (arrived || t >= _nextStewardReport[s.StewardId])
            {
                if (t >= _nextStewardReport[s.StewardId]) _nextStewardReport[s.StewardId] = t + TimeSpan.FromSeconds(_options.StewardReportIntervalSeconds);
                var snap = s.Snapshot(t, World.Zone);
                await PublishTelemetryAsync(s.StewardId, null, TelemetryTypes.Position,
                    new PositionReport("steward", District.DistrictId, t, snap.Position.Lon, snap.Position.Lat, Math.Round(snap.HeadingDeg, 1), snap.SpeedKmh, s.StewardId, snap.Available), ct);
            }
        }

        // patrol car: position reports, periodic 360° captures, and captures triggered by what is in range
        var fix = Patrol.Read(t);
        if (t >= _nextPatrolReport)
        {
            _nextPatrolReport = t + TimeSpan.FromSeconds(_options.PositionReportIntervalSeconds);
            await PublishTelemetryAsync(_options.PatrolDeviceId, _options.PatrolModuleId, TelemetryTypes.Position,
                new PositionReport("vehicle", District.DistrictId, t, fix.Position.Lon, fix.Position.Lat, Math.Round(fix.HeadingDeg, 1), Math.Round(fix.SpeedKmh, 1)), ct);
        }
        var due = t >= _nextPatrolCapture;
        if (!due && _options.CaptureOnSighting && (t - _lastPatrolCapture).TotalSeconds >= _options.TriggeredCaptureMinGapSeconds)
        {
            var here = District.ToLocal(fix.Position);
            due = World.ActiveNear(here, _options.CameraRangeMeters).Count > 0
                || World.RecentlyResolvedNear(here, _options.CameraRangeMeters, TimeSpan.FromHours(_options.RevisitHours));
        }
        if (due)
        {
            _lastPatrolCapture = t;
            if (t >= _nextPatrolCapture) _nextPatrolCapture = t + TimeSpan.FromSeconds(_options.PatrolCaptureIntervalSeconds);
            var sequence = NextSequence(_options.PatrolDeviceId);
            var captures = CameraViews.Surround.Select(v => new FrameCapture
                {
                    BlobName = FrameBlobNames.For(_options.PatrolDeviceId, t, sequence, v.View),
                    DeviceId = _options.PatrolDeviceId,
                    DistrictId = District.DistrictId,
                    CapturedAt = t,
                    Position = fix.Position,
                    HeadingDeg = Math.Round(fix.HeadingDeg, 1),
                    SpeedKmh = Math.Round(fix.SpeedKmh, 1),
                    View = v.View,
                    Source = EventSource.PatrolVehicle,
                    ImageWidth = _options.ImageWidth,
                    ImageHeight = _options.ImageHeight,
                }).ToList();
            if (_sink is IDeviceFleetSink devices)
            {
                await devices.CaptureAsync(captures, ct);
                foreach (var _ in captures) _counters.Frame();
            }
            else
            {
            // the four views are drawn in parallel (rendering is the simulator's main cost) and published in order
            var drawn = await Task.WhenAll(captures.Select(c => Task.Run(() => _patrolFrames.CaptureAsync(c, ct), ct)));
            foreach (var frame in drawn) await PublishFrameAsync(frame, ct);
            }
        }

        foreach (var cam in FixedCameras)
        {
            if (t < _nextFixedCapture[cam.DeviceId]) continue;
            _nextFixedCapture[cam.DeviceId] = t + TimeSpan.FromSeconds(_options.FixedCaptureIntervalSeconds);
            var capture = new FrameCapture
            {
                BlobName = FrameBlobNames.For(cam.DeviceId, t, NextSequence(cam.DeviceId), CameraViews.Fixed),
                DeviceId = cam.DeviceId,
                DistrictId = District.DistrictId,
                CapturedAt = t,
                Position = cam.Position,
                HeadingDeg = cam.HeadingDeg,
                SpeedKmh = 0,
                View = CameraViews.Fixed,
                Source = EventSource.FixedCamera,
                ImageWidth = _options.ImageWidth,
                ImageHeight = _options.ImageHeight,
            };
            if (_sink is IDeviceFleetSink devices)
            {
                await devices.CaptureAsync([capture], ct);
                _counters.Frame();
            }
            else await CaptureAsync(_fixedFrames, capture, ct);
        }

        if (t >= _nextSensorReading)
        {
            _nextSensorReading = t + TimeSpan.FromSeconds(_options.SensorReadingIntervalSeconds);
            foreach (var (source, alarms) in _sensors)
            {
                if (_sink is IDeviceFleetSink devices)
                {
                    // The sensor module reads and keeps its own alarms (hysteresis) on the device side.
                    foreach (var type in await devices.ReadSensorAsync(source.DeviceId, t, ct)) _counters.Telemetry(type);
                    continue;
                }
                var values = source.Read(t);
                await PublishTelemetryAsync(source.DeviceId, _options.SensorModuleId, TelemetryTypes.Sensor,
                    new SensorReading(District.DistrictId, t, source.Position.Lon, source.Position.Lat, values), ct);
                foreach (var alarm in alarms)
                {
                    if (!values.TryGetValue(alarm.Threshold.Metric, out var value) || alarm.Update(value) is not { } change) continue;
                    var state = change == AlarmState.Raised ? "raised" : "cleared";
                    var threshold = change == AlarmState.Raised ? alarm.Threshold.Raise : alarm.Threshold.Clear;
                    await PublishTelemetryAsync(source.DeviceId, _options.SensorModuleId, TelemetryTypes.Alert,
                        new SensorAlert(District.DistrictId, t, source.Position.Lon, source.Position.Lat, alarm.Threshold.Metric, value, threshold, state), ct);
                    _logger.LogInformation("Simulated sensor {DeviceId} alert {Metric} {State} at {Value}", source.DeviceId, alarm.Threshold.Metric, state, value);
                }
            }
        }
    }

    private async Task CaptureAsync(SimulatedFrameSource source, FrameCapture capture, CancellationToken ct) =>
        await PublishFrameAsync(await source.CaptureAsync(capture, ct), ct);

    private async Task PublishFrameAsync(CapturedFrame frame, CancellationToken ct)
    {
        await _sink.PublishFrameAsync(frame.Capture, frame.Jpeg, frame.Metadata, ct);
        _counters.Frame();
    }

    private async Task PublishTelemetryAsync(string deviceId, string? moduleId, string type, object body, CancellationToken ct)
    {
        await _sink.PublishTelemetryAsync(deviceId, moduleId, type, body, ct);
        _counters.Telemetry(type);
    }

    private long NextSequence(string deviceId)
    {
        _frameSequence.TryGetValue(deviceId, out var n);
        _frameSequence[deviceId] = ++n;
        return n;
    }

    private StewardWalker StewardOrThrow(string id) =>
        _stewardById.TryGetValue(id, out var s) ? s : throw new KeyNotFoundException($"No simulated steward '{id}'.");

    private List<FixedCamera> PlaceFixedCameras() =>
        District.FixedCameraSites.Take(_options.FixedCameraCount)
            .Select((site, n) => site with { DeviceId = string.Create(CultureInfo.InvariantCulture, $"fixedcam-{n + 1:00}") })
            .ToList();

    private List<StewardWalker> PlaceStewards()
    {
        // spread over the intersections, deterministically from the seed
        var junctions = District.Network.Intersections.OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
        var rng = Geometry.SeededRandom.For(_options.Seed, "steward-posts");
        return Enumerable.Range(1, _options.StewardCount)
            .Select(n => new StewardWalker(string.Create(CultureInfo.InvariantCulture, $"steward-{n:00}"),
                junctions.Count > 0 ? rng.Pick(junctions).Location : District.Network.Streets[0].Path.Start, _options, District))
            .ToList();
    }

    private List<(ISimulatedStation, List<SensorAlarm>)> PlaceSensors()
    {
        List<SensorAlarm> Alarms(params string[] metrics) =>
            AlarmThreshold.Defaults.Where(a => metrics.Contains(a.Metric)).Select(a => new SensorAlarm(a)).ToList();
        var sites = new List<(GeoPoint Point, bool Construction)>();
        var metro = District.PlacesOf(PlaceKind.MetroExit)[0].Point;
        var construction = District.PlacesOf(PlaceKind.ConstructionSite)[0].Point;
        var arterial = District.Network.Streets.OrderByDescending(s => s.CarriagewayWidthMeters).First();
        sites.Add((construction, true));
        sites.Add((metro, false));
        sites.Add((arterial.Path.PointBeside(arterial.LengthMeters / 2, arterial.CarriagewayWidthMeters / 2 + 1), false));
        var result = new List<(ISimulatedStation, List<SensorAlarm>)>();
        for (var i = 0; i < _options.EnvironmentalSensorCount; i++)
        {
            var (point, nearWorks) = sites[i % sites.Count];
            result.Add((new SimulatedEnvironmentalSensor(string.Create(CultureInfo.InvariantCulture, $"envsensor-{i + 1:00}"), point, nearWorks, _options.Seed, World),
                Alarms(SensorMetrics.Pm25, SensorMetrics.Pm10, SensorMetrics.NoiseDb)));
        }
        var low = District.PlacesOf(PlaceKind.LowPoint)[0].Point;
        result.Add((new SimulatedWaterLevelSensor("waterlevel-01", low, _options.Seed, World), Alarms(SensorMetrics.WaterLevelCm)));
        return result;
    }

    public void Dispose() => _stepGate.Dispose();
}
