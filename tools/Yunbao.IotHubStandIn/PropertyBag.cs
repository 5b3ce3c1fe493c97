using System.Net;
using System.Text;

namespace Yunbao.IotHubStandIn;

/// <summary>The property bag at the end of a D2C topic: "name1=value1&amp;name2=value2", names and values URL-encoded.</summary>
public static class PropertyBag
{
    public const string ContentType = "$.ct";
    public const string ContentEncoding = "$.ce";
    public const string MessageId = "$.mid";
    public const string CorrelationId = "$.cid";
    public const string CreationTime = "$.ctime";
    public const string OutputName = "$.on";
    public const string To = "$.to";
    public const string UserId = "$.uid";

    public static Dictionary<string, string> Parse(string? bag)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(bag)) return result;
        foreach (var pair in bag.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = WebUtility.UrlDecode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : WebUtility.UrlDecode(pair[(eq + 1)..]);
            result[name] = value;
        }
        return result;
    }

    public static string Format(IEnumerable<KeyValuePair<string, string>> properties) =>
        string.Join('&', properties.Select(p => $"{WebUtility.UrlEncode(p.Key)}={WebUtility.UrlEncode(p.Value)}"));

    /// <summary>Bytes IoT Hub counts against the 256 KB limit: body + system property values + application property names and values.</summary>
    public static int CountedBytes(int bodyLength, IReadOnlyDictionary<string, string> properties) =>
        bodyLength + properties.Sum(p => Encoding.UTF8.GetByteCount(p.Value) + (p.Key.StartsWith("$.", StringComparison.Ordinal) ? 0 : Encoding.UTF8.GetByteCount(p.Key)));
}
