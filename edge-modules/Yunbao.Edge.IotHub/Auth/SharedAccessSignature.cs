using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// IoT Hub shared access signatures, as documented in "Control access to IoT Hub with shared access
/// signatures": <c>SharedAccessSignature sr={URL-encoded resource URI}&amp;sig={URL-encoded signature}&amp;se={expiry}[&amp;skn={policy}]</c>,
/// signature = Base64(HMAC-SHA256(Base64Decode(key), "{URL-encoded resource URI}\n{expiry}")).
/// URL encoding is <see cref="WebUtility.UrlEncode"/>, as in the documentation's C# sample and the device SDK.
/// </summary>
public static class SharedAccessSignature
{
    public const string Prefix = "SharedAccessSignature ";

    /// <summary><c>{hub}/devices/{deviceId}</c> or <c>{hub}/devices/{deviceId}/modules/{moduleId}</c>, ids URL-encoded as the SDKs do.</summary>
    public static string ResourceUri(string hostName, string deviceId, string? moduleId = null) =>
        string.IsNullOrEmpty(moduleId)
            ? $"{hostName}/devices/{WebUtility.UrlEncode(deviceId)}"
            : $"{hostName}/devices/{WebUtility.UrlEncode(deviceId)}/modules/{WebUtility.UrlEncode(moduleId)}";

    public static string UrlEncode(string value) => WebUtility.UrlEncode(value);

    /// <summary>The string that is signed: <c>{URL-encoded resource URI}\n{expiry}</c>.</summary>
    public static string StringToSign(string resourceUri, long expiry) =>
        string.Create(CultureInfo.InvariantCulture, $"{UrlEncode(resourceUri)}\n{expiry}");

    /// <summary>Base64(HMAC-SHA256(key, UTF-8 data)).</summary>
    public static string ComputeSignature(ReadOnlySpan<byte> key, string data) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data)));

    /// <summary>Assembles the token text from a signature already computed.</summary>
    public static string Format(string resourceUri, string signature, long expiry, string? keyName = null)
    {
        var token = string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}sr={UrlEncode(resourceUri)}&sig={UrlEncode(signature)}&se={expiry}");
        return string.IsNullOrEmpty(keyName) ? token : token + "&skn=" + UrlEncode(keyName);
    }

    /// <summary>Signs a token for <paramref name="resourceUri"/> that expires at <paramref name="expiresOn"/> (whole seconds since the Unix epoch).</summary>
    public static async Task<SasToken> CreateAsync(ISasTokenSigner signer, string resourceUri, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var expiry = expiresOn.ToUnixTimeSeconds();
        var signature = await signer.SignAsync(StringToSign(resourceUri, expiry), cancellationToken).ConfigureAwait(false);
        return new SasToken(Format(resourceUri, signature, expiry, signer.KeyName), DateTimeOffset.FromUnixTimeSeconds(expiry));
    }

    /// <summary>Synchronous shortcut for a symmetric key.</summary>
    public static SasToken Create(string base64Key, string resourceUri, DateTimeOffset expiresOn, string? keyName = null)
    {
        var expiry = expiresOn.ToUnixTimeSeconds();
        var signature = ComputeSignature(Convert.FromBase64String(base64Key), StringToSign(resourceUri, expiry));
        return new SasToken(Format(resourceUri, signature, expiry, keyName), DateTimeOffset.FromUnixTimeSeconds(expiry));
    }

    public static bool TryParse(string? token, out SasTokenParts? parts)
    {
        parts = null;
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        string? sr = null, sig = null, se = null, skn = null;
        foreach (var field in token[Prefix.Length..].Split('&'))
        {
            var eq = field.IndexOf('=');
            if (eq <= 0) return false;
            var value = field[(eq + 1)..];
            switch (field[..eq])
            {
                case "sr": sr = value; break;
                case "sig": sig = value; break;
                case "se": se = value; break;
                case "skn": skn = value; break;
            }
        }

        if (sr is null || sig is null || se is null || !long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)) return false;
        parts = new SasTokenParts(WebUtility.UrlDecode(sr), sr, WebUtility.UrlDecode(sig), expiry, skn is null ? null : WebUtility.UrlDecode(skn));
        return true;
    }

    /// <summary>
    /// Checks a token the way IoT Hub does: well formed, for <paramref name="expectedResourceUri"/>, not expired,
    /// signed with <paramref name="base64Key"/>. For the local IoT Hub stand-in and tests.
    /// </summary>
    public static bool Validate(string? token, string expectedResourceUri, string base64Key, DateTimeOffset now, out string? error)
    {
        if (!TryParse(token, out var parts) || parts is null) { error = "malformed SAS token"; return false; }
        if (!string.Equals(parts.ResourceUri, expectedResourceUri, StringComparison.OrdinalIgnoreCase)) { error = $"token is for '{parts.ResourceUri}', not '{expectedResourceUri}'"; return false; }
        if (parts.Expiry <= now.ToUnixTimeSeconds()) { error = "token expired"; return false; }
        var expected = ComputeSignature(Convert.FromBase64String(base64Key), $"{parts.EncodedResourceUri}\n{parts.Expiry}");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts.Signature)))
        {
            error = "signature mismatch";
            return false;
        }

        error = null;
        return true;
    }
}
