using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// Checks "SharedAccessSignature sr=..&amp;sig=..&amp;se=..&amp;skn=.." tokens as Event Hubs does: HMAC-SHA256 with the named
/// policy's key (its UTF-8 bytes) over "{sr as sent}\n{se}", and se (Unix seconds) still in the future.
/// </summary>
internal sealed class SasTokenValidator(IReadOnlyList<StandInAccessKey> keys, TimeProvider time)
{
    private const string Prefix = "SharedAccessSignature ";

    /// <summary>The decoded audience (sr) of a valid token, or null with the reason.</summary>
    public string? Validate(string? token, out string reason)
    {
        reason = "";
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal)) { reason = "not a SharedAccessSignature token"; return null; }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in token[Prefix.Length..].Split('&'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) fields[part[..eq]] = part[(eq + 1)..];
        }
        if (!fields.TryGetValue("sr", out var sr) || !fields.TryGetValue("sig", out var sig) || !fields.TryGetValue("se", out var se)
            || !fields.TryGetValue("skn", out var skn))
        {
            reason = "token lacks sr, sig, se or skn";
            return null;
        }
        var key = keys.FirstOrDefault(k => string.Equals(k.Name, WebUtility.UrlDecode(skn), StringComparison.Ordinal));
        if (key is null) { reason = $"no shared access policy '{WebUtility.UrlDecode(skn)}'"; return null; }
        if (!long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)) { reason = "se is not a number"; return null; }
        if (expiry <= time.GetUtcNow().ToUnixTimeSeconds()) { reason = "the token has expired"; return null; }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key.Key), Encoding.UTF8.GetBytes(sr + "\n" + se));
        byte[] given;
        try { given = Convert.FromBase64String(WebUtility.UrlDecode(sig)); }
        catch (FormatException) { reason = "sig is not Base64"; return null; }
        if (!CryptographicOperations.FixedTimeEquals(expected, given)) { reason = "the signature does not match the policy's key"; return null; }
        return WebUtility.UrlDecode(sr);
    }
}
