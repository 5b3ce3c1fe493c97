using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// IoT Hub SAS tokens: "SharedAccessSignature sr={urlencoded resource}&amp;sig={urlencoded signature}&amp;se={expiry}[&amp;skn={policy}]",
/// signature = Base64(HMAC-SHA256(Base64Decode(key), urlencoded resource + "\n" + expiry)).
/// See "Control access to IoT Hub with shared access signatures".
/// </summary>
public static class SharedAccessSignature
{
    public const string Prefix = "SharedAccessSignature ";

    public static string Create(string resourceUri, string base64Key, DateTimeOffset expiresAt)
    {
        var encodedResource = WebUtility.UrlEncode(resourceUri);
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Sign(base64Key, encodedResource, expiry);
        return $"{Prefix}sr={encodedResource}&sig={WebUtility.UrlEncode(signature)}&se={expiry}";
    }

    public static string Sign(string base64Key, string encodedResource, string expiry)
    {
        using var hmac = new HMACSHA256(Convert.FromBase64String(base64Key));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry)));
    }

    /// <summary>Parses a token; null when it is not a SAS token.</summary>
    public static ParsedSas? Parse(string? token)
    {
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        string? sr = null, sig = null, se = null, skn = null;
        foreach (var part in token[Prefix.Length..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) return null;
            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "sr": sr = value; break;
                case "sig": sig = value; break;
                case "se": se = value; break;
                case "skn": skn = value; break;
                default: return null;
            }
        }
        if (sr is null || sig is null || se is null || !long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
            return null;
        return new ParsedSas(sr, WebUtility.UrlDecode(sr), WebUtility.UrlDecode(sig), se, DateTimeOffset.FromUnixTimeSeconds(expiry), skn);
    }
}

/// <summary>A parsed SAS token. <see cref="EncodedResource"/> is signed as sent; <see cref="ResourceUri"/> is its decoded form.</summary>
public sealed record ParsedSas(string EncodedResource, string ResourceUri, string Signature, string ExpiryText, DateTimeOffset ExpiresAt, string? KeyName)
{
    /// <summary>True when the signature was made with <paramref name="base64Key"/>. Constant-time comparison.</summary>
    public bool IsSignedWith(string base64Key)
    {
        var expected = Convert.FromBase64String(SharedAccessSignature.Sign(base64Key, EncodedResource, ExpiryText));
        byte[] actual;
        try { actual = Convert.FromBase64String(Signature); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
