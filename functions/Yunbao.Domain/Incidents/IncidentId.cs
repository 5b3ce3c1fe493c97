using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Yunbao.Contracts.Frames;

namespace Yunbao.Domain.Incidents;

/// <summary>
/// Deterministic incident ids: the same observation delivered twice gets the same id, so the repository's
/// create-if-absent makes redelivery change nothing. A prefix says where the incident came from.
/// </summary>
public static class IncidentId
{
    /// <summary>A detection in a frame: frame blob name + category + pixel box.</summary>
    public static string ForDetection(string frameBlobName, string categoryCode, PixelBox box) =>
        "det-" + Hash(FormattableString.Invariant($"{frameBlobName}|{categoryCode}|{box.X},{box.Y},{box.W},{box.H}"));

    /// <summary>A raised sensor alert: device + metric + the device's timestamp of the crossing.</summary>
    public static string ForSensorAlert(string deviceId, string metric, DateTimeOffset ts) =>
        "sen-" + Hash($"{deviceId}|{metric.ToLowerInvariant()}|{ts.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}");

    /// <summary>A citizen report: the caller's idempotency key (Open311 request id or the client's request id).</summary>
    public static string ForCitizenReport(string requestKey) => "cit-" + Hash(requestKey);

    /// <summary>A steward's field report: steward + the client's request id.</summary>
    public static string ForStewardReport(string stewardId, string requestKey) => "stw-" + Hash($"{stewardId}|{requestKey}");

    /// <summary>First 80 bits of SHA-256 in lower-case hex: short enough for URLs, collisions negligible at city scale.</summary>
    public static string Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return Convert.ToHexStringLower(digest[..10]);
    }
}
