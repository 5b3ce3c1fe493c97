using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Yunbao.Application.Ports;
using Yunbao.Contracts;

namespace Yunbao.Functions.Http;

/// <summary>
/// The one codec for continuation tokens the API hands out: base64url of {"v":1,"f":filter hash,"c":Cosmos token}.
/// The store's token is opaque to callers, and a token is only taken back for the same filter it was issued for;
/// anything that does not decode is refused (400) before it reaches the store.
/// </summary>
public static class ContinuationTokens
{
    public const int Version = 1;

    public static string Encode(string storeToken, WorkOrderQuery query) =>
        Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Envelope(Version, FilterHash(query), storeToken), YunbaoJson.Options));

    /// <summary>The store's token inside <paramref name="token"/>, or null when it is not one this API issued for <paramref name="query"/>'s filter.</summary>
    public static string? Decode(string token, WorkOrderQuery query)
    {
        if (token.Length > HttpLimits.MaxContinuationTokenLength) return null;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var envelope = JsonSerializer.Deserialize<Envelope>(Convert.FromBase64String(padded), YunbaoJson.Options);
            return envelope is { V: Version, F: { } f, C: { Length: > 0 } c } && f == FilterHash(query) ? c : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A hash of everything that selects the items (not the position): statuses, category, steward, box, since, page size.</summary>
    public static string FilterHash(WorkOrderQuery q)
    {
        var filter = string.Join('|',
            string.Join(',', q.Statuses.Select(s => YunbaoJson.EnumText(s)).Order(StringComparer.Ordinal)),
            q.DistrictId, q.CategoryCode, q.StewardId,
            q.Bounds is { } b ? FormattableString.Invariant($"{b.West:R},{b.South:R},{b.East:R},{b.North:R}") : "",
            q.Since?.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), q.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(filter))[..12]);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Envelope(int V, string? F, string? C);
}
