using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Telemetry;
using Yunbao.Contracts.Validation;

namespace Yunbao.Application.Telemetry;

/// <summary>
/// The one place for the rules a device message must pass before anything is stored. The sender is the IoT Hub
/// identity of the message (<see cref="TelemetryMessage.DeviceId"/>, from the envelope's system properties, never from
/// the body), and a device may only report for itself:
/// - <c>steward-identity</c>: a steward heartbeat is accepted only from that steward's own phone, which is registered in
///   IoT Hub under the steward's id (device id = steward id, as the local runner registers the phones); a body
///   <c>stewardId</c> naming anyone else, or a module identity, is refused.
/// - <c>district</c>: <c>districtId</c> is pinned to the configured district; absent, the configured one is used.
/// - <c>position</c>: coordinates are finite and inside the district bounds widened by <see cref="DistrictOptions.BoundsMarginDegrees"/>.
/// - <c>time</c>: timestamps lie within <see cref="MaxClockSkew"/> of the clock.
/// - <c>field</c>: ids (device, module, steward, metric, reading names) pass <see cref="Identifier"/>; numbers are
///   finite; readings and health bodies are bounded (the whole body is capped at 256 KB by the Event Grid parser).
/// A refusal is logged as a structured warning and thrown as <see cref="UnprocessableInputException"/> whose reason
/// names the rule: the caller parks the message in the poison queue with it.
/// </summary>
public sealed class TelemetryValidator(TimeProvider clock, DistrictOptions district, ILogger logger)
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);
    public const int MaxReadings = 64;
    public const int MaxHealthBytes = 16 * 1024;
    public const double MaxSpeedKmh = 400;

    public void Sender(TelemetryMessage message)
    {
        if (Identifier.Problem(message.DeviceId, "deviceId") is { } device) throw Refuse(message, "field", device);
        if (message.ModuleId is not null && Identifier.Problem(message.ModuleId, "moduleId") is { } module) throw Refuse(message, "field", module);
    }

    /// <summary>The configured district when <paramref name="reported"/> is absent or names it; anything else is refused.</summary>
    public string District(TelemetryMessage message, string? reported)
    {
        var configured = district.DistrictId;
        if (string.IsNullOrEmpty(reported) || string.Equals(reported, configured, StringComparison.Ordinal)) return configured;
        throw Refuse(message, "district", $"districtId '{Short(reported)}' is not this deployment's district '{configured}'");
    }

    public GeoPoint Position(TelemetryMessage message, double lon, double lat)
    {
        if (!double.IsFinite(lon) || !double.IsFinite(lat) || Math.Abs(lon) > 180 || Math.Abs(lat) > 90)
            throw Refuse(message, "position", Invariant($"impossible position lon={lon}, lat={lat}"));
        if (lon < district.West - DistrictOptions.BoundsMarginDegrees || lon > district.East + DistrictOptions.BoundsMarginDegrees ||
            lat < district.South - DistrictOptions.BoundsMarginDegrees || lat > district.North + DistrictOptions.BoundsMarginDegrees)
            throw Refuse(message, "position", Invariant($"position lon={lon}, lat={lat} is outside district '{district.DistrictId}' ({district.West},{district.South},{district.East},{district.North} ± {DistrictOptions.BoundsMarginDegrees}°)"));
        return new GeoPoint(lon, lat);
    }

    public DateTimeOffset Time(TelemetryMessage message, DateTimeOffset ts, string field)
    {
        var now = clock.GetUtcNow();
        if (ts < now - MaxClockSkew || ts > now + MaxClockSkew)
            throw Refuse(message, "time", Invariant($"{field} {ts:O} is not within {MaxClockSkew.TotalHours} h of the clock ({now:O})"));
        return ts;
    }

    public void Motion(TelemetryMessage message, double headingDeg, double speedKmh)
    {
        if (!double.IsFinite(headingDeg) || headingDeg < -360 || headingDeg > 360) throw Refuse(message, "field", Invariant($"headingDeg {headingDeg} is not an angle"));
        if (!double.IsFinite(speedKmh) || speedKmh < 0 || speedKmh > MaxSpeedKmh) throw Refuse(message, "field", Invariant($"speedKmh {speedKmh} is not within 0..{MaxSpeedKmh}"));
    }

    /// <summary>The steward a heartbeat may move: only the sending phone's own steward.</summary>
    public string StewardIdentity(TelemetryMessage message, string? stewardId)
    {
        var claimed = string.IsNullOrEmpty(stewardId) ? message.DeviceId : stewardId;
        if (Identifier.Problem(claimed, "stewardId") is { } bad) throw Refuse(message, "field", bad);
        if (message.ModuleId is not null)
            throw Refuse(message, "steward-identity", $"a steward heartbeat comes from the steward's phone (a device identity), not from module '{message.ModuleId}'");
        if (!string.Equals(claimed, message.DeviceId, StringComparison.Ordinal))
            throw Refuse(message, "steward-identity", $"a device may only report for itself: device '{message.DeviceId}' sent a heartbeat for steward '{claimed}' (a steward's phone is registered under the steward's id)");
        return claimed;
    }

    public void Name(TelemetryMessage message, string? value, string field)
    {
        if (Identifier.Problem(value, field) is { } bad) throw Refuse(message, "field", bad);
    }

    public void Number(TelemetryMessage message, double value, string field)
    {
        if (!double.IsFinite(value)) throw Refuse(message, "field", $"{field} is not a finite number");
    }

    public void Readings(TelemetryMessage message, IReadOnlyDictionary<string, double>? values)
    {
        if (values is null) return;
        if (values.Count > MaxReadings) throw Refuse(message, "field", $"{values.Count} readings, more than {MaxReadings}");
        foreach (var (metric, value) in values)
        {
            Name(message, metric, "reading name");
            Number(message, value, $"reading '{metric}'");
        }
    }

    public void HealthBody(TelemetryMessage message, string rawJson)
    {
        var size = Encoding.UTF8.GetByteCount(rawJson);
        if (size > MaxHealthBytes) throw Refuse(message, "field", $"health body is {size} bytes, more than {MaxHealthBytes}");
    }

    /// <summary>Logs the refusal as a structured warning and returns the exception that parks the message with the reason.</summary>
    public UnprocessableInputException Refuse(TelemetryMessage message, string rule, string reason)
    {
        logger.LogWarning("Telemetry {Type} from device {DeviceId} (module {ModuleId}, message {MessageId}) refused by rule {Rule}: {Reason}",
            message.Type, message.DeviceId, message.ModuleId, message.MessageId, rule, reason);
        return new UnprocessableInputException($"{message.Type} message from {message.DeviceId} refused by rule '{rule}': {reason}.");
    }

    private static string Short(string s) => s.Length <= Identifier.MaxLength ? s : s[..Identifier.MaxLength] + "…";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
