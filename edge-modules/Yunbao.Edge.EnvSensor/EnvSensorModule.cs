using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Yunbao.Domain.Telemetry;
using Yunbao.Edge.IotHub;
using Yunbao.Edge.Modules;
using Yunbao.Edge.Simulator.Devices;
using ISensorSource = Yunbao.Edge.Modules.ISensorSource;

namespace Yunbao.Edge.EnvSensor;

/// <summary>EnvSensor's settings: twin desired properties readingIntervalSeconds and thresholds {metric: {raise, clear}}.</summary>
public sealed record EnvSensorSettings
{
    public double ReadingIntervalSeconds { get; init; } = 60;

    /// <summary>Raise at or above Raise, clear at or below Clear (hysteresis). Defaults: GB 3095-2012 / GB 3096-2008 limits.</summary>
    public IReadOnlyList<AlarmThreshold> Thresholds { get; init; } =
        [.. AlarmThreshold.Defaults.Where(t => t.Metric is SensorMetrics.Pm25 or SensorMetrics.Pm10 or SensorMetrics.NoiseDb)];

    public static readonly IReadOnlyList<string> DesiredPropertyNames = ["readingIntervalSeconds", "thresholds"];

    public JsonObject ToReported()
    {
        var thresholds = new JsonObject();
        foreach (var t in Thresholds) thresholds[t.Metric] = new JsonObject { ["raise"] = t.Raise, ["clear"] = t.Clear };
        return new JsonObject { ["readingIntervalSeconds"] = ReadingIntervalSeconds, ["thresholds"] = thresholds };
    }
}

/// <summary>
/// An environmental station: every readingIntervalSeconds a `sensor` message (PM2.5, PM10, noise), and an `alert` message
/// when a metric crosses its threshold ("raised") or falls back below the clear level ("cleared"): hysteresis, so a reading
/// wobbling around the limit raises once. Message ids derive from device, kind and time, so a resend is recognisable.
/// </summary>
public sealed class EnvSensorModule : EdgeModule
{
    public const string DefaultModuleId = "EnvSensor";
    public const string TelemetryOutput = "telemetry";

    private readonly ISensorSource _sensor;
    private readonly object _alarmGate = new();
    private Dictionary<string, SensorAlarm> _alarms = new(StringComparer.Ordinal);
    private volatile EnvSensorSettings _settings;
    private DateTimeOffset _lastReadingAt = DateTimeOffset.MinValue;

    public EnvSensorModule(IotHubClient client, ModuleContext context, ISensorSource sensor, EnvSensorSettings? settings = null,
        TimeProvider? time = null, ILogger<EnvSensorModule>? logger = null)
        : base(client, context, time ?? TimeProvider.System, logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
    {
        _sensor = sensor;
        _settings = settings ?? new EnvSensorSettings();
        ResetAlarms(_settings.Thresholds);
    }

    public EnvSensorSettings Settings => _settings;

    /// <summary>Raised after each message is in the client's durable outbox (for the DevHost's counters and tests).</summary>
    public event Action<DeviceMessage>? MessageQueued;

    public IReadOnlyDictionary<string, bool> AlarmStates { get { lock (_alarmGate) return _alarms.ToDictionary(a => a.Key, a => a.Value.IsRaised); } }

    protected override void RegisterMethods() { }

    protected override JsonObject ApplyDesired(JsonObject desired)
    {
        var s = _settings;
        var interval = ReadDouble(desired, "readingIntervalSeconds") is > 0 and var i ? i : s.ReadingIntervalSeconds;
        var thresholds = s.Thresholds.ToDictionary(t => t.Metric, StringComparer.Ordinal);
        if (desired["thresholds"] is JsonObject configured)
        {
            foreach (var (metric, node) in configured)
            {
                if (node is not JsonObject limits) continue;
                if (ReadDouble(limits, "raise") is { } raise && ReadDouble(limits, "clear") is { } clear && clear <= raise)
                    thresholds[metric] = new AlarmThreshold(metric, raise, clear);
                else
                    Logger.LogWarning("{moduleId} on {deviceId}: threshold of {metric} ignored (needs raise and clear, clear <= raise)", Context.ModuleId, Context.DeviceId, metric);
            }
        }
        _settings = s with { ReadingIntervalSeconds = interval, Thresholds = [.. thresholds.Values] };
        if (!_settings.Thresholds.SequenceEqual(s.Thresholds)) ResetAlarms(_settings.Thresholds);
        return _settings.ToReported();
    }

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var next = Time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Time.GetUtcNow();
            if (now >= next)
            {
                await ReadOnceAsync(now, cancellationToken);
                next = now + TimeSpan.FromSeconds(_settings.ReadingIntervalSeconds);
            }
            // Woken early (new settings) the loop only re-plans; the next reading still waits for its time.
            await DelayAsync(next - Time.GetUtcNow(), cancellationToken);
        }
    }

    /// <summary>One reading: the `sensor` message, then an `alert` per threshold crossed. All go through the durable outbox.</summary>
    public async Task ReadOnceAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Message ids carry the reading time in milliseconds: two readings never share one.
        lock (_alarmGate)
        {
            if (at <= _lastReadingAt) at = _lastReadingAt.AddMilliseconds(1);
            _lastReadingAt = at;
        }
        var values = _sensor.Read(at);
        var position = _sensor.Position;
        var stamp = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
        await SendAsync(TelemetryTypes.Sensor, $"{Context.DeviceId}:sensor:{stamp}", at,
            new SensorReading(Context.DistrictId, at, position.Lon, position.Lat, values), cancellationToken);

        List<SensorAlert> alerts = [];
        lock (_alarmGate)
        {
            foreach (var (metric, value) in values)
            {
                if (!_alarms.TryGetValue(metric, out var alarm) || alarm.Update(value) is not { } state) continue;
                var raised = state == AlarmState.Raised;
                alerts.Add(new SensorAlert(Context.DistrictId, at, position.Lon, position.Lat, metric, value,
                    raised ? alarm.Threshold.Raise : alarm.Threshold.Clear, raised ? "raised" : "cleared"));
            }
        }
        foreach (var alert in alerts)
        {
            Logger.LogInformation("{moduleId} on {deviceId}: {metric} alert {state} at {value}", Context.ModuleId, Context.DeviceId, alert.Metric, alert.State, alert.Value);
            await SendAsync(TelemetryTypes.Alert, $"{Context.DeviceId}:alert:{alert.Metric}:{alert.State}:{stamp}", at, alert, cancellationToken);
        }
    }

    private async Task SendAsync<T>(string type, string messageId, DateTimeOffset at, T body, CancellationToken cancellationToken)
    {
        var message = DeviceMessage.FromJson(type, body, Json) with { MessageId = messageId, CreationTime = at, OutputName = TelemetryOutput, Properties = Context.MessageProperties };
        await Client.SendEventAsync(message, cancellationToken);
        MessageQueued?.Invoke(message);
    }

    private void ResetAlarms(IEnumerable<AlarmThreshold> thresholds)
    {
        lock (_alarmGate)
        {
            var old = _alarms;
            _alarms = thresholds.ToDictionary(t => t.Metric, t => new SensorAlarm(t), StringComparer.Ordinal);
            // A raised alarm stays raised under new limits until the new clear level is reached.
            foreach (var (metric, alarm) in _alarms)
                if (old.TryGetValue(metric, out var previous) && previous.IsRaised) alarm.Update(double.MaxValue);
        }
    }
}
