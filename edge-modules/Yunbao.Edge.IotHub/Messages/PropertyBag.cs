using System.Text;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// The MQTT topic property bag: <c>name1=value1&amp;name2=value2</c>, every name and value URL-encoded
/// (RFC 3986 percent-encoding, so a space is %20 and '+' stays unambiguous).
/// </summary>
public static class PropertyBag
{
    public static string Encode(IEnumerable<KeyValuePair<string, string>> properties)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in properties)
        {
            if (sb.Length > 0) sb.Append('&');
            // System property names ($.ct, $.mid, ...) are written as the documentation shows them.
            sb.Append(IsSystemName(name) ? name : Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty));
        }

        return sb.ToString();
    }

    private static bool IsSystemName(string name) =>
        name.Length > 2 && name.StartsWith("$.", StringComparison.Ordinal) && name.AsSpan(2).IndexOfAnyExceptInRange('a', 'z') < 0;

    /// <summary>Decodes a bag (with or without a leading '?'). A name without '=' maps to an empty value.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? bag)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(bag)) return result;
        foreach (var pair in bag.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            result[name] = value;
        }

        return result;
    }
}
