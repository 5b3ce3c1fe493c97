using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yunbao.IotHubStandIn;

// TEMPORARY until branch `infra` lands Yunbao.Infrastructure Messaging/EventGridEvents (the one place that creates these
// events): the shapes follow IOTHUB-PROTOCOL.md and the Event Grid schemas for IoT Hub and Blob Storage.
internal static class EventGridEventsShim
{
    private const string Subscription = "00000000-0000-0000-0000-000000000000";

    public static string DeviceTelemetry(string hubName, string deviceId, DateTimeOffset enqueuedAt,
        IReadOnlyDictionary<string, string> properties, IReadOnlyDictionary<string, string> systemProperties, ReadOnlyMemory<byte> body, bool bodyIsJson)
    {
        JsonNode? bodyNode = bodyIsJson ? JsonNode.Parse(body.Span) : JsonValue.Create(Convert.ToBase64String(body.Span));
        var props = new JsonObject();
        foreach (var (k, v) in properties) props[k] = v;
        var sys = new JsonObject();
        foreach (var (k, v) in systemProperties) sys[k] = v;
        var evt = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = $"/SUBSCRIPTIONS/{Subscription}/RESOURCEGROUPS/LOCAL/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/{hubName.ToUpperInvariant()}",
            ["subject"] = $"devices/{deviceId}",
            ["eventType"] = "Microsoft.Devices.DeviceTelemetry",
            ["eventTime"] = enqueuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["data"] = new JsonObject { ["properties"] = props, ["systemProperties"] = sys, ["body"] = bodyNode },
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
        };
        return evt.ToJsonString();
    }

    public static string BlobCreated(string accountName, string containerName, string blobName, Uri blobUrl, string eTag,
        string contentType, long contentLength, DateTimeOffset eventTime)
    {
        var evt = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = $"/subscriptions/{Subscription}/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{accountName}",
            ["subject"] = $"/blobServices/default/containers/{containerName}/blobs/{blobName}",
            ["eventType"] = "Microsoft.Storage.BlobCreated",
            ["eventTime"] = eventTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["data"] = new JsonObject
            {
                ["api"] = "PutBlob",
                ["clientRequestId"] = Guid.NewGuid().ToString(),
                ["requestId"] = Guid.NewGuid().ToString(),
                ["eTag"] = eTag,
                ["contentType"] = contentType,
                ["contentLength"] = contentLength,
                ["blobType"] = "BlockBlob",
                ["url"] = blobUrl.ToString(),
                ["sequencer"] = eventTime.UtcTicks.ToString("x32", CultureInfo.InvariantCulture),
            },
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
        };
        return evt.ToJsonString();
    }
}
