using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Yunbao.Functions.Http.Open311;

/// <summary>
/// api_key checks: a key is 32 random bytes (base64url), stored only as its SHA-256 (a fast hash is right for
/// high-entropy keys; there is nothing to brute-force). Issue one with <see cref="Issue"/> (or `openssl rand`) and set
/// the hash as Open311__Clients__{client}__KeySha256.
/// </summary>
public sealed class Open311ApiKeys(IOptionsMonitor<Open311Options> options)
{
    public const int MaxKeyLength = 200;

    /// <summary>The client whose key this is, or null (unknown, empty or oversized key).</summary>
    public (string Id, Open311Client Client)? Find(string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > MaxKeyLength) return null;
        var hash = Hash(apiKey);
        foreach (var (id, client) in options.CurrentValue.Clients)
        {
            var stored = Encoding.ASCII.GetBytes(client.KeySha256.Trim().ToLowerInvariant());
            if (stored.Length == hash.Length && CryptographicOperations.FixedTimeEquals(stored, hash)) return (id, client);
        }
        return null;
    }

    /// <summary>A new key and the hash to configure for it.</summary>
    public static (string Key, string Sha256) Issue()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (key, Encoding.ASCII.GetString(Hash(key)));
    }

    private static byte[] Hash(string key) => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
}
