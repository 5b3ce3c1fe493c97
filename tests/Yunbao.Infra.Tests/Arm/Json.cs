using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Yunbao.Infra.Tests.Arm;

/// <summary>Path lookups over evaluated JSON ("properties.siteConfig.minTlsVersion").</summary>
public static class Json
{
    public static object? Path(object? value, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (value is Dictionary<string, object?> d && d.TryGetValue(part, out var next)) value = next;
            else return null;
        }
        return value;
    }

    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => FromNode(kv.Value), StringComparer.OrdinalIgnoreCase),
        JsonArray a => a.Select(FromNode).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToString(),
    };
}
