using System.Text;

namespace Yunbao.IotHubStandIn;

/// <summary>D2C system property names in the topic's property bag, and the size IoT Hub counts against its limit.</summary>
public static class SystemProperties
{
    public const string ContentType = "$.ct";
    public const string ContentEncoding = "$.ce";
    public const string MessageId = "$.mid";
    public const string CorrelationId = "$.cid";
    public const string CreationTime = "$.ctime";
    public const string OutputName = "$.on";

    /// <summary>Bytes IoT Hub counts against the 256 KB limit: body + system property values + application property names and values.</summary>
    public static int CountedBytes(int bodyLength, IReadOnlyDictionary<string, string> properties) =>
        bodyLength + properties.Sum(p => Encoding.UTF8.GetByteCount(p.Value) + (p.Key.StartsWith("$.", StringComparison.Ordinal) ? 0 : Encoding.UTF8.GetByteCount(p.Key)));
}
