using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Telemetry;
using Yunbao.Application;
using Yunbao.Application.Ports;
using Yunbao.Application.Stewards;
using Yunbao.Application.WorkOrders;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Incidents;
using Yunbao.Contracts;

namespace Yunbao.Application.Telemetry;

/// <summary>
/// Understands one device message: positions update vehicle and steward state, raised sensor alerts become
/// incidents (category by metric), readings and health are recorded. Malformed or unknown messages raise
/// <see cref="UnprocessableInputException"/> so the caller parks them with the reason. Every field passes
/// <see cref="TelemetryValidator"/> before any storage call: the sender is the envelope's device identity, a device
/// reports only for itself (a steward heartbeat only from that steward's phone), and districtId is pinned to the
/// configured district.
/// </summary>
public sealed class TelemetryIngestionService(
    StewardService stewardService,
    IncidentIntake intake,
    CategoryCatalog catalog,
    TimeProvider clock,
    IOptions<DistrictOptions> district,
    ILogger<TelemetryIngestionService> logger,
    IDeviceStateRepository? devices = null)
{
    /// <summary>Application property that marks messages of the simulated fleet.</summary>
    public const string SimulatedProperty = "simulated";

    // Reports of one device arrive in order from one partition: a conflict is a redelivery racing itself, rarely more than once.
    private const int ConflictAttempts = 4;

    private readonly TelemetryValidator _rules = new(clock, district.Value, logger);

    public async Task<TelemetryOutcome> IngestAsync(TelemetryMessage message, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(message.DeviceId)) throw new UnprocessableInputException("Telemetry message has no device id.");
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["deviceId"] = message.DeviceId, ["messageId"] = message.MessageId });
        _rules.Sender(message);
        switch (message.Type?.Trim().ToLowerInvariant())
        {
            case TelemetryTypes.Position:
                return await PositionAsync(message, Read<PositionReport>(message), ct);
            case TelemetryTypes.Alert:
                return await AlertAsync(message, Read<SensorAlert>(message), ct);
            case TelemetryTypes.Sensor:
                var reading = Read<SensorReading>(message);
                var readingDistrict = _rules.District(message, reading.DistrictId);
                var readingAt = _rules.Position(message, reading.Lon, reading.Lat);
                _rules.Time(message, reading.Ts, "ts");
                _rules.Readings(message, reading.Values);
                await UpdateDeviceAsync(message, readingDistrict, "sensor", reading.Ts, s =>
                {
                    s.Location = readingAt;
                    foreach (var (metric, value) in reading.Values ?? new Dictionary<string, double>()) s.Readings[metric] = value;
                }, ct);
                return new TelemetryOutcome(TelemetryTypes.Sensor, []);
            case TelemetryTypes.Health:
                if (message.Body.ValueKind != JsonValueKind.Object) throw new UnprocessableInputException($"Health message from {message.DeviceId} is not a JSON object.");
                var healthDistrict = message.Body.TryGetProperty("districtId", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                if (message.Body.TryGetProperty("districtId", out var dv) && dv.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    throw _rules.Refuse(message, "district", "districtId is not a string");
                var healthDistrictId = _rules.District(message, healthDistrict);
                _rules.Time(message, message.EnqueuedAt, "iothub-enqueuedtime");
                _rules.HealthBody(message, message.Body.GetRawText());
                await UpdateDeviceAsync(message, healthDistrictId, null, message.EnqueuedAt, s => s.HealthJson = message.Body.GetRawText(), ct);
                return new TelemetryOutcome(TelemetryTypes.Health, []);
            default:
                throw new UnprocessableInputException(
                    $"Unknown telemetry type '{message.Type}' from {message.DeviceId}: expected {TelemetryTypes.Position}, {TelemetryTypes.Sensor}, {TelemetryTypes.Alert} or {TelemetryTypes.Health}.");
        }
    }

    private async Task<TelemetryOutcome> PositionAsync(TelemetryMessage message, PositionReport report, CancellationToken ct)
    {
        var districtId = _rules.District(message, report.DistrictId);
        var where = _rules.Position(message, report.Lon, report.Lat);
        _rules.Time(message, report.Ts, "ts");
        _rules.Motion(message, report.HeadingDeg, report.SpeedKmh);
        switch (report.Kind?.ToLowerInvariant())
        {
            case "vehicle":
                await UpdateDeviceAsync(message, districtId, "vehicle", report.Ts, s =>
                {
                    s.Location = where;
                    s.HeadingDeg = report.HeadingDeg;
                    s.SpeedKmh = report.SpeedKmh;
                }, ct);
                return new TelemetryOutcome("position:vehicle", []);
            case "steward":
                var stewardId = _rules.StewardIdentity(message, report.StewardId);
                await stewardService.HeartbeatAsync(districtId, stewardId, where, report.Available, ct);
                return new TelemetryOutcome("position:steward", []);
            default:
                throw new UnprocessableInputException($"Position report from {message.DeviceId} has kind '{report.Kind}': expected 'vehicle' or 'steward'.");
        }
    }

    private async Task<TelemetryOutcome> AlertAsync(TelemetryMessage message, SensorAlert alert, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(alert.Metric)) throw new UnprocessableInputException($"Alert from {message.DeviceId} names no metric.");
        if (alert.Ts == default) throw new UnprocessableInputException($"Alert from {message.DeviceId} has no ts: its incident id depends on it.");
        _rules.Name(message, alert.Metric, "metric");
        var districtId = _rules.District(message, alert.DistrictId);
        var where = _rules.Position(message, alert.Lon, alert.Lat);
        _rules.Time(message, alert.Ts, "ts");
        _rules.Number(message, alert.Value, "value");
        _rules.Number(message, alert.Threshold, "threshold");
        switch (alert.State?.ToLowerInvariant())
        {
            case "raised":
                break;
            case "cleared":
                // The order stays open: a cleared reading does not mean someone fixed the cause.
                logger.LogInformation("Sensor {DeviceId} alert {Metric} cleared at {Value}", message.DeviceId, alert.Metric, alert.Value);
                return new TelemetryOutcome("alert:cleared", []);
            default:
                throw new UnprocessableInputException($"Alert from {message.DeviceId} has state '{alert.State}': expected 'raised' or 'cleared'.");
        }
        if (catalog.ForSensorMetric(alert.Metric) is not { } category)
        {
            logger.LogWarning("Sensor {DeviceId} raised {Metric}, which no category maps to; recorded nowhere", message.DeviceId, alert.Metric);
            return new TelemetryOutcome("alert:unmapped", []);
        }
        var simulated = IsSimulated(message);
        var incident = new Incident
        {
            Id = IncidentId.ForSensorAlert(message.DeviceId, alert.Metric, alert.Ts),
            DistrictId = districtId,
            CategoryCode = category.Code,
            Source = EventSource.Sensor,
            Location = where,
            ObservedAt = alert.Ts,
            Confidence = 1.0,
            DeviceId = message.DeviceId,
            Provider = "sensor",
            Simulated = simulated,
            Description = FormattableString.Invariant($"{alert.Metric} {alert.Value} crossed {alert.Threshold}"),
        };
        var outcome = await intake.RecordIncidentAsync(incident, ct);
        logger.LogInformation("Sensor {DeviceId} alert {Metric}={Value} → incident {IncidentId} ({Category}), work order {WorkOrderId}",
            message.DeviceId, alert.Metric, alert.Value, incident.Id, category.Code, outcome.WorkOrderId);
        return new TelemetryOutcome("alert:raised", [outcome]);
    }

    private async Task UpdateDeviceAsync(TelemetryMessage message, string districtId, string? kind, DateTimeOffset reportedAt, Action<DeviceState> apply, CancellationToken ct)
    {
        if (devices is null)
        {
            logger.LogDebug("Device state for {DeviceId} not stored: no IDeviceStateRepository registered", message.DeviceId);
            return;
        }
        await OptimisticConcurrency.RetryAsync(async c =>
        {
            // Another report of the same device wins a race: re-read and apply on top if still newer.
            var state = await devices.GetAsync(districtId, message.DeviceId, c)
                ?? new DeviceState { Id = message.DeviceId, DistrictId = districtId, Kind = kind ?? "unknown" };
            if (state.ETag is not null && reportedAt < state.LastReportAt)
            {
                logger.LogDebug("Late {Type} report from {DeviceId} ({ReportedAt:O} < {Newest:O}) not applied", message.Type, message.DeviceId, reportedAt, state.LastReportAt);
                return;
            }
            if (kind is not null) state.Kind = kind;
            apply(state);
            state.LastReportAt = reportedAt;
            state.LastSeenAt = clock.GetUtcNow();
            state.Simulated |= IsSimulated(message);
            if (state.ETag is not null) await devices.ReplaceAsync(state, c);
            else if (!await devices.TryCreateAsync(state, c)) throw new ConcurrencyConflictException($"Device state '{state.Id}' was created meanwhile.", alreadyExists: true);
        }, ConflictAttempts, ct);
    }

    private static T Read<T>(TelemetryMessage message) where T : class
    {
        if (message.Body.ValueKind != JsonValueKind.Object)
            throw new UnprocessableInputException($"{message.Type} message from {message.DeviceId} has no JSON object body.");
        try
        {
            return message.Body.Deserialize<T>(YunbaoJson.Options)
                ?? throw new UnprocessableInputException($"{message.Type} message from {message.DeviceId} has an empty body.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new UnprocessableInputException($"{message.Type} message from {message.DeviceId} is not a valid {typeof(T).Name}: {e.Message}");
        }
    }

    private static bool IsSimulated(TelemetryMessage message) =>
        message.Properties.TryGetValue(SimulatedProperty, out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);
}
