using Yunbao.Contracts;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Telemetry;
using Yunbao.Edge.IotHub;
using Yunbao.Edge.Modules;

namespace Yunbao.Edge.EnvSensor;

/// <summary>
/// An environmental station: every readingIntervalSeconds a `sensor` message (PM2.5, PM10, noise), and an `alert` message
/// when a metric crosses its threshold ("raised") or falls back below the clear level ("cleared"): hysteresis, so a reading
/// wobbling around the limit raises once. Message ids derive from device, kind and time, so a resend is recognisable.
/// </summary>
public sealed class EnvSensorModule : EdgeModule
{
    public const string DefaultModuleId = "EnvSensor";
    public const string TelemetryOutput = "telemetry";
    /// <summary>Application property on readings of a station whose sensor is not connected (value <see cref="NotConnected"/>).</summary>
    public const string SensorStatusProperty = "sensorStatus";
    public const string NotConnected = "not-connected";

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
            await DelayUntilAsync(next, cancellationToken);
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
        // An empty reading of an unconnected sensor still goes out, flagged, so the cloud sees the station is blind, not clean.
        var properties = _sensor.IsConnected ? Context.MessageProperties
            : new Dictionary<string, string>(Context.MessageProperties) { [SensorStatusProperty] = NotConnected };
        await SendAsync(TelemetryTypes.Sensor, $"{Context.DeviceId}:sensor:{stamp}", at,
            new SensorReading(Context.DistrictId, at, position.Lon, position.Lat, values), cancellationToken, properties);

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

    private async Task SendAsync<T>(string type, string messageId, DateTimeOffset at, T body, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? properties = null)
    {
        var message = DeviceMessage.FromJson(type, body, YunbaoJson.Options) with { MessageId = messageId, CreationTime = at, OutputName = TelemetryOutput, Properties = properties ?? Context.MessageProperties };
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
