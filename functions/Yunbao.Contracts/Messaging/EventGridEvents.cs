using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yunbao.Contracts.Storage;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Telemetry;
using Yunbao.Contracts.Validation;

namespace Yunbao.Contracts.Messaging;

/// <summary>
/// The one place that creates and parses the Event Grid events the Functions app receives through Storage queues.
/// Shapes follow Microsoft's documented samples:
/// - "Azure Blob Storage as an Event Grid source" (learn.microsoft.com/azure/event-grid/event-schema-blob-storage):
///   subject "/blobServices/default/containers/{container}/blobs/{blob}", data {api, clientRequestId, requestId, eTag,
///   contentType, contentLength, blobType, url, sequencer, storageDiagnostics}.
/// - "Azure IoT Hub as an Event Grid source" (learn.microsoft.com/azure/event-grid/event-schema-iot-hub):
///   subject "devices/{deviceId}", data {properties, systemProperties {iothub-connection-device-id, iothub-enqueuedtime,
///   iothub-content-type, iothub-content-encoding, ...}, body}; body is the JSON itself for application/json + utf-8,
///   otherwise a Base64 string (as captured from real hubs).
/// Event Grid puts one event per queue message; the Functions queue trigger expects Base64 text by default (host.json
/// extensions.queues.messageEncoding), and hands the function the decoded JSON, so the parser takes Base64, plain JSON,
/// or a one-element array, in the Event Grid or the CloudEvents schema. Anything else throws
/// <see cref="ContractFormatException"/> with a reason meant for the poison queue.
/// </summary>
public static class EventGridEvents
{
    public const string BlobCreatedType = "Microsoft.Storage.BlobCreated";
    public const string DeviceTelemetryType = "Microsoft.Devices.DeviceTelemetry";
    public const string FramesContainer = StorageNames.FramesContainer;

    private const string LocalStorageTopic = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1";
    private const string LocalHubTopic = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Devices/IotHubs/local-iothub-standin";
    private const string BlobSubjectPrefix = "/blobServices/default/containers/";

    /// <summary>IoT Hub caps a device-to-cloud message at 256 KB; a bigger body is not from a hub.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Event Grid caps an event at 1 MB; a queue message holding more (as Base64 text) is not one of its events.</summary>
    public const int MaxQueueMessageChars = 1024 * 1024 * 4 / 3 + 4;

    // ---- create ----

    /// <summary>The Event Grid schema JSON of a BlobCreated event.</summary>
    public static string CreateBlobCreatedJson(BlobCreatedEventInput input)
    {
        var url = new Uri(input.BlobServiceUri.ToString().TrimEnd('/') + "/" + input.Container + "/" + EscapeBlobPath(input.BlobName)).AbsoluteUri;
        var evt = new JsonObject
        {
            ["topic"] = input.Topic ?? LocalStorageTopic,
            ["subject"] = BlobSubjectPrefix + input.Container + "/blobs/" + input.BlobName,
            ["eventType"] = BlobCreatedType,
            ["eventTime"] = FormatTime(input.EventTime),
            ["id"] = input.EventId ?? Guid.NewGuid().ToString(),
            ["data"] = new JsonObject
            {
                ["api"] = input.Api,
                ["clientRequestId"] = input.ClientRequestId ?? Guid.NewGuid().ToString(),
                ["requestId"] = Guid.NewGuid().ToString(),
                ["eTag"] = input.ETag,
                ["contentType"] = input.ContentType,
                ["contentLength"] = input.ContentLength,
                ["blobType"] = input.BlobType,
                ["url"] = url,
                ["sequencer"] = input.Sequencer ?? input.EventTime.UtcTicks.ToString("X32", CultureInfo.InvariantCulture),
            },
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
        };
        return evt.ToJsonString();
    }

    /// <summary>The Event Grid schema JSON of a DeviceTelemetry event.</summary>
    public static string CreateDeviceTelemetryJson(DeviceTelemetryEventInput input)
    {
        var system = new JsonObject();
        if (input.ContentType is not null) system["iothub-content-type"] = input.ContentType;
        if (input.ContentEncoding is not null) system["iothub-content-encoding"] = input.ContentEncoding;
        if (input.MessageId is not null) system["message-id"] = input.MessageId;
        if (input.CorrelationId is not null) system["correlation-id"] = input.CorrelationId;
        system["iothub-connection-device-id"] = input.DeviceId;
        if (input.ModuleId is not null) system["iothub-connection-module-id"] = input.ModuleId;
        system["iothub-connection-auth-method"] = "{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}";
        system["iothub-enqueuedtime"] = FormatTime(input.EnqueuedAt);
        system["iothub-message-source"] = "Telemetry";

        var properties = new JsonObject();
        foreach (var (k, v) in input.Properties) properties[k] = v;

        var evt = new JsonObject
        {
            ["id"] = input.EventId ?? Guid.NewGuid().ToString(),
            ["topic"] = input.Topic ?? LocalHubTopic,
            ["subject"] = "devices/" + input.DeviceId,
            ["eventType"] = DeviceTelemetryType,
            ["eventTime"] = FormatTime(input.EnqueuedAt),
            ["data"] = new JsonObject
            {
                ["properties"] = properties,
                ["systemProperties"] = system,
                ["body"] = BodyNode(input),
            },
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
        };
        return evt.ToJsonString();
    }

    /// <summary>Queue message text as Event Grid writes it for the Functions queue trigger: Base64 of the UTF-8 JSON.</summary>
    public static string EncodeQueueMessage(string eventJson) => Convert.ToBase64String(Encoding.UTF8.GetBytes(eventJson));

    public static string CreateBlobCreatedMessage(BlobCreatedEventInput input) => EncodeQueueMessage(CreateBlobCreatedJson(input));

    public static string CreateDeviceTelemetryMessage(DeviceTelemetryEventInput input) => EncodeQueueMessage(CreateDeviceTelemetryJson(input));

    // ---- parse ----

    /// <summary>Decodes a queue message (Base64 or plain JSON; one event or a one-element array) into its envelope.</summary>
    public static EventGridEnvelope ParseEnvelope(string queueMessage)
    {
        var json = DecodeQueueMessage(queueMessage);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw Reject($"message is not valid JSON: {e.Message}"); }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() != 1) throw Reject($"message holds an array of {root.GetArrayLength()} events; expected exactly one");
                root = root[0];
            }
            if (root.ValueKind != JsonValueKind.Object) throw Reject($"message is a JSON {root.ValueKind}, not an event object");

            // Event Grid schema names first, CloudEvents 1.0 names second.
            var eventType = String(root, "eventType") ?? String(root, "type") ?? throw Reject("event has no eventType");
            var id = String(root, "id") ?? throw Reject("event has no id");
            var subject = String(root, "subject") ?? throw Reject($"{eventType} event has no subject");
            var timeText = String(root, "eventTime") ?? String(root, "time") ?? throw Reject($"{eventType} event has no eventTime");
            if (!DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                throw Reject($"{eventType} event has an unreadable eventTime '{timeText}'");
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                throw Reject($"{eventType} event has no data object");
            return new EventGridEnvelope(id, eventType, subject, time, String(root, "topic") ?? String(root, "source"),
                data.Clone(), String(root, "dataVersion"), String(root, "metadataVersion"));
        }
    }

    /// <summary>
    /// The frame blob a BlobCreated event announces, parsed strictly so a name never leaves its container: the subject
    /// must be /blobServices/default/containers/frames/blobs/{name} with container exactly `frames`, the name must pass
    /// <see cref="BlobPath"/> (safe relative segments, no '.', '..', backslash or percent-escape, at most 1,024
    /// characters) and start with a device folder "{deviceId}/" that is an <see cref="Identifier"/>; the data url, when
    /// present, must name the same container and blob. Rejects other event types.
    /// </summary>
    public static FrameBlobCreated ParseFrameBlobCreated(string queueMessage)
    {
        var e = ParseEnvelope(queueMessage);
        if (e.EventType != BlobCreatedType) throw Reject($"expected {BlobCreatedType} on the frame queue but got {e.EventType}");

        // CloudEvents subjects drop the leading slash ("blobServices/default/..."); accept both.
        var subject = e.Subject.StartsWith('/') ? e.Subject : "/" + e.Subject;
        if (!subject.StartsWith(BlobSubjectPrefix, StringComparison.Ordinal))
            throw Reject($"BlobCreated subject '{Shorten(e.Subject)}' is not /blobServices/default/containers/{{container}}/blobs/{{name}}");
        var rest = subject[BlobSubjectPrefix.Length..];
        var marker = rest.IndexOf("/blobs/", StringComparison.Ordinal);
        if (marker <= 0 || marker + "/blobs/".Length >= rest.Length)
            throw Reject($"BlobCreated subject '{Shorten(e.Subject)}' has no container or blob name");
        var container = rest[..marker];
        var blobName = rest[(marker + "/blobs/".Length)..];
        if (container != FramesContainer)
            throw Reject($"blob '{Shorten(blobName)}' is in container '{Shorten(container)}', not '{FramesContainer}'");
        if (BlobPath.Problem(blobName) is { } problem)
            throw Reject($"BlobCreated subject '{Shorten(e.Subject)}' is refused: {problem}");
        if (FrameBlobNames.DeviceOf(blobName) is null)
            throw Reject($"frame blob '{blobName}' is not under a device folder '{{deviceId}}/' as IoT Hub file upload puts it");

        var url = String(e.Data, "url");
        if (url is not null && !UrlNames(url, blobName))
            throw Reject($"BlobCreated url '{Shorten(url)}' does not name blob '{blobName}' in container '{FramesContainer}'");

        return new FrameBlobCreated(blobName, e.Id, e.EventTime,
            url ?? "", String(e.Data, "eTag"), String(e.Data, "contentType"),
            e.Data.TryGetProperty("contentLength", out var len) && len.ValueKind == JsonValueKind.Number && len.TryGetInt64(out var n) ? n : 0);
    }

    /// <summary>The device message a DeviceTelemetry event carries, with Type from the `type` application property.</summary>
    public static TelemetryMessage ParseDeviceTelemetry(string queueMessage)
    {
        var e = ParseEnvelope(queueMessage);
        if (e.EventType != DeviceTelemetryType) throw Reject($"expected {DeviceTelemetryType} on the telemetry queue but got {e.EventType}");

        var system = e.Data.TryGetProperty("systemProperties", out var sp) && sp.ValueKind == JsonValueKind.Object ? sp : default;
        // The sender is the identity IoT Hub authenticated (iothub-connection-device-id), never a body field; the subject is
        // only a fallback (Microsoft's documented sample has a subject naming another device than the system property).
        var deviceId = (system.ValueKind == JsonValueKind.Object ? String(system, "iothub-connection-device-id") : null)
                       ?? (e.Subject.StartsWith("devices/", StringComparison.Ordinal) ? e.Subject["devices/".Length..] : null);
        if (string.IsNullOrEmpty(deviceId)) throw Reject($"DeviceTelemetry event '{Shorten(e.Id)}' names no device (subject '{Shorten(e.Subject)}', no iothub-connection-device-id)");
        if (Identifier.Problem(deviceId, "iothub-connection-device-id") is { } badDevice) throw Reject($"DeviceTelemetry event '{Shorten(e.Id)}' is refused: {badDevice}");

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.Data.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
            foreach (var p in props.EnumerateObject())
                properties[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();

        if (!properties.TryGetValue("type", out var type) || string.IsNullOrWhiteSpace(type))
            throw Reject($"telemetry from device '{deviceId}' has no `type` application property");

        string? Sys(string name) => system.ValueKind == JsonValueKind.Object ? String(system, name) : null;
        var enqueuedAt = ReadEnqueuedTime(system) ?? e.EventTime;
        var body = ReadBody(e.Data, deviceId, Sys("iothub-content-type"), Sys("iothub-content-encoding"));

        var moduleId = Sys("iothub-connection-module-id");
        if (moduleId is not null && Identifier.Problem(moduleId, "iothub-connection-module-id") is { } badModule)
            throw Reject($"telemetry from device '{deviceId}' is refused: {badModule}");
        return new TelemetryMessage(deviceId, moduleId, type, Sys("message-id"), enqueuedAt, body, properties);
    }

    /// <summary>The event JSON inside a queue message: Base64 (the Functions default) or plain JSON text.</summary>
    public static string DecodeQueueMessage(string queueMessage)
    {
        if (string.IsNullOrWhiteSpace(queueMessage)) throw Reject("message is empty");
        if (queueMessage.Length > MaxQueueMessageChars) throw Reject($"message is {queueMessage.Length} characters, more than the {MaxQueueMessageChars} an Event Grid event can be");
        var text = queueMessage.Trim();
        if (text[0] is '{' or '[') return text;

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
            throw Reject("message is neither JSON nor Base64-encoded JSON");
        string decoded;
        try { decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written).Trim(); }
        catch (DecoderFallbackException) { throw Reject("message is Base64 but not UTF-8 text"); }
        if (decoded.Length == 0 || decoded[0] is not ('{' or '['))
            throw Reject("message is Base64 but does not decode to a JSON event");
        return decoded;
    }

    // ---- helpers ----

    private static JsonNode? BodyNode(DeviceTelemetryEventInput input)
    {
        if (IsJsonUtf8(input.ContentType, input.ContentEncoding))
        {
            try
            {
                var node = JsonNode.Parse(input.Body.Span);
                // Valid JSON may escape a lone UTF-16 surrogate ("\ud800"), which no string can be written back from.
                _ = node?.ToJsonString();
                return node;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException) { /* not usable JSON: IoT Hub would still route it, as Base64 */ }
        }
        return Convert.ToBase64String(input.Body.Span);
    }

    private static JsonElement ReadBody(JsonElement data, string deviceId, string? contentType, string? contentEncoding)
    {
        if (!data.TryGetProperty("body", out var body) || body.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            throw Reject($"telemetry from device '{deviceId}' has no body");
        if (body.ValueKind != JsonValueKind.String)
        {
            var size = Encoding.UTF8.GetByteCount(body.GetRawText());
            if (size > MaxBodyBytes) throw Reject($"telemetry body from device '{deviceId}' is {size} bytes, more than IoT Hub's {MaxBodyBytes}");
            return body.Clone();
        }

        // A string body is Base64 (content type not JSON+utf-8); devices here always send JSON, so decode it.
        var text = body.GetString()!;
        byte[] bytes;
        try { bytes = Convert.FromBase64String(text); }
        catch (FormatException) { throw Reject($"telemetry body from device '{deviceId}' is a string but not Base64 (content type '{contentType}', encoding '{contentEncoding}')"); }
        if (bytes.Length > MaxBodyBytes) throw Reject($"telemetry body from device '{deviceId}' is {bytes.Length} bytes, more than IoT Hub's {MaxBodyBytes}");
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Reject($"telemetry body from device '{deviceId}' is {bytes.Length} bytes that are not JSON (content type '{contentType}', encoding '{contentEncoding}')");
        }
    }

    private const long MinUnixMs = -62_135_596_800_000;   // 0001-01-01
    private const long MaxUnixMs = 253_402_300_799_999;   // 9999-12-31

    private static DateTimeOffset? ReadEnqueuedTime(JsonElement system)
    {
        if (system.ValueKind != JsonValueKind.Object || !system.TryGetProperty("iothub-enqueuedtime", out var v)) return null;
        if (v.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return t;
        // Non-telemetry IoT Hub events document it as a number (Unix milliseconds).
        // Out of DateTimeOffset's range counts as absent (the event time is used), not as a crash.
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms) && ms is >= MinUnixMs and <= MaxUnixMs) return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return null;
    }

    private static bool IsJsonUtf8(string? contentType, string? contentEncoding) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) &&
        contentEncoding is not null && contentEncoding.Trim().Equals("utf-8", StringComparison.OrdinalIgnoreCase);

    private static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string EscapeBlobPath(string blobName) => string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));

    /// <summary>True when the path of <paramref name="url"/> (percent-decoded, without query) ends with "/frames/{blobName}".</summary>
    private static bool UrlNames(string url, string blobName)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0) return false;
        var slash = url.IndexOf('/', scheme + 3);
        if (slash < 0) return false;
        var path = url[slash..];
        var query = path.IndexOfAny(['?', '#']);
        if (query >= 0) path = path[..query];
        string decoded;
        try { decoded = Uri.UnescapeDataString(path); }
        catch (UriFormatException) { return false; }
        return decoded.EndsWith("/" + FramesContainer + "/" + blobName, StringComparison.Ordinal);
    }

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";

    private static ContractFormatException Reject(string reason) => new($"Unusable Event Grid message: {reason}.");
}
