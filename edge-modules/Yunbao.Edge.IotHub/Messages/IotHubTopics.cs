using System.Globalization;
using System.Text;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// IoT Hub's MQTT topics ("Communicate with an IoT hub using the MQTT protocol") and the D2C property bag.
/// Shared by the client and the local stand-in so both read the same names.
/// </summary>
public static class IotHubTopics
{
    public const string ApiVersion = "2021-04-12";

    /// <summary>IoT Hub's limit for a D2C message: body + system property values + application property names and values.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    public const string TwinResponses = "$iothub/twin/res/#";
    public const string TwinResponsePrefix = "$iothub/twin/res/";
    public const string DesiredPatches = "$iothub/twin/PATCH/properties/desired/#";
    public const string DesiredPatchPrefix = "$iothub/twin/PATCH/properties/desired/";
    public const string MethodCalls = "$iothub/methods/POST/#";
    public const string MethodCallPrefix = "$iothub/methods/POST/";

    // System property names in the bag.
    public const string ContentTypeProperty = "$.ct";
    public const string ContentEncodingProperty = "$.ce";
    public const string MessageIdProperty = "$.mid";
    public const string CorrelationIdProperty = "$.cid";
    public const string CreationTimeProperty = "$.ctime";
    public const string OutputNameProperty = "$.on";
    public const string TypeProperty = "type";

    /// <summary><c>{hub}/{deviceId}[/{moduleId}]/?api-version=2021-04-12</c>.</summary>
    public static string Username(string hostName, string deviceId, string? moduleId) =>
        string.IsNullOrEmpty(moduleId)
            ? $"{hostName}/{deviceId}/?api-version={ApiVersion}"
            : $"{hostName}/{deviceId}/{moduleId}/?api-version={ApiVersion}";

    /// <summary><c>devices/{deviceId}/messages/events/</c> or <c>devices/{deviceId}/modules/{moduleId}/messages/events/</c>.</summary>
    public static string EventsPrefix(string deviceId, string? moduleId) =>
        string.IsNullOrEmpty(moduleId)
            ? $"devices/{deviceId}/messages/events/"
            : $"devices/{deviceId}/modules/{moduleId}/messages/events/";

    public static string CloudToDevice(string deviceId) => $"devices/{deviceId}/messages/devicebound/#";

    /// <summary>Module input subscription as documented: <c>devices/{deviceId}/modules/{moduleId}/#</c>; inputs arrive on <c>.../inputs/{input}/{bag}</c>.</summary>
    public static string ModuleInputs(string deviceId, string moduleId) => $"devices/{deviceId}/modules/{moduleId}/#";

    public static string TwinGet(string requestId) => $"$iothub/twin/GET/?$rid={requestId}";

    public static string TwinPatchReported(string requestId) => $"$iothub/twin/PATCH/properties/reported/?$rid={requestId}";

    public static string MethodResponse(int status, string requestId) =>
        string.Create(CultureInfo.InvariantCulture, $"$iothub/methods/res/{status}/?$rid={requestId}");

    /// <summary>The ordered property bag of a D2C message: system properties first, then <c>type</c>, then the others.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> D2CProperties(DeviceMessage message, DateTimeOffset creationTime)
    {
        var list = new List<KeyValuePair<string, string>>(8 + message.Properties.Count)
        {
            new(MessageIdProperty, message.MessageId),
            new(ContentTypeProperty, message.ContentType),
            new(ContentEncodingProperty, message.ContentEncoding),
            new(CreationTimeProperty, FormatTime(message.CreationTime ?? creationTime)),
        };
        if (!string.IsNullOrEmpty(message.CorrelationId)) list.Add(new(CorrelationIdProperty, message.CorrelationId));
        if (!string.IsNullOrEmpty(message.OutputName)) list.Add(new(OutputNameProperty, message.OutputName));
        list.Add(new(TypeProperty, message.Type));
        foreach (var (name, value) in message.Properties)
        {
            if (name.StartsWith("$.", StringComparison.Ordinal) || name == TypeProperty)
                throw new ArgumentException($"Application property '{name}' collides with a system property or 'type'; set it through DeviceMessage instead.", nameof(message));
            list.Add(new(name, value));
        }

        return list;
    }

    /// <summary>The full D2C topic: events prefix + URL-encoded property bag.</summary>
    public static string D2CTopic(string deviceId, string? moduleId, DeviceMessage message, DateTimeOffset creationTime) =>
        EventsPrefix(deviceId, moduleId) + PropertyBag.Encode(D2CProperties(message, creationTime));

    /// <summary>
    /// Size as IoT Hub counts it: body + system property values + application property names and values (UTF-8 bytes).
    /// </summary>
    public static int MessageSize(DeviceMessage message, DateTimeOffset creationTime)
    {
        var size = message.Body.Length;
        foreach (var (name, value) in D2CProperties(message, creationTime))
        {
            if (!name.StartsWith("$.", StringComparison.Ordinal)) size += Encoding.UTF8.GetByteCount(name);
            size += Encoding.UTF8.GetByteCount(value);
        }

        return size;
    }

    /// <summary>ISO 8601 UTC with milliseconds, e.g. <c>2026-11-25T08:30:00.123Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a D2C topic (<c>devices/{d}/messages/events/{bag}</c> or <c>devices/{d}/modules/{m}/messages/events/{bag}</c>).
    /// For receivers such as the local IoT Hub stand-in.
    /// </summary>
    public static bool TryParseD2CTopic(string topic, out string deviceId, out string? moduleId, out IReadOnlyDictionary<string, string> properties)
    {
        deviceId = string.Empty;
        moduleId = null;
        properties = PropertyBag.Parse(null);
        var parts = topic.Split('/', 6);
        // devices/{d}/messages/events/{bag}
        if (parts.Length >= 4 && parts[0] == "devices" && parts[2] == "messages" && parts[3] == "events")
        {
            deviceId = parts[1];
            properties = PropertyBag.Parse(string.Join('/', parts.Skip(4)));
            return true;
        }

        // devices/{d}/modules/{m}/messages/events/{bag}
        var moduleParts = topic.Split('/', 7);
        if (moduleParts.Length >= 6 && moduleParts[0] == "devices" && moduleParts[2] == "modules" && moduleParts[4] == "messages" && moduleParts[5] == "events")
        {
            deviceId = moduleParts[1];
            moduleId = moduleParts[3];
            properties = PropertyBag.Parse(moduleParts.Length == 7 ? moduleParts[6] : null);
            return true;
        }

        return false;
    }

    /// <summary>Splits <c>{path}/?{query}</c> or <c>{path}/{bag}</c> style query strings such as <c>?$rid=5&amp;$version=3</c>.</summary>
    public static IReadOnlyDictionary<string, string> QueryOf(string topic)
    {
        var q = topic.IndexOf('?');
        return q < 0 ? PropertyBag.Parse(null) : PropertyBag.Parse(topic[(q + 1)..]);
    }
}
