using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// D2C routing as DESIGN.md sets it up in Azure: edgeHub routes ($upstream) for module messages, then the IoT Hub route to
/// the built-in Event Grid endpoint, whose subscription (filtered on `type`) delivers Microsoft.Devices.DeviceTelemetry
/// events into the `telemetry` Storage queue, Base64-encoded as Event Grid writes them.
/// </summary>
internal sealed class TelemetryRouter(IotHubStandInOptions options, QueueClient telemetryQueue, EdgeDeploymentManifest? manifest,
    StandInStats stats, TimeProvider time, ILogger logger)
{
    private readonly HashSet<string> _routedTypes = new(options.RoutedTelemetryTypes, StringComparer.Ordinal);

    public async Task RouteAsync(string deviceId, string? moduleId, IReadOnlyDictionary<string, string> bag, byte[] body, CancellationToken cancellationToken)
    {
        var application = bag.Where(p => !p.Key.StartsWith("$.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var type = application.GetValueOrDefault("type");
        stats.Message(type);

        if (moduleId is not null && manifest is not null && !manifest.RoutesUpstream(moduleId, bag.GetValueOrDefault(PropertyBag.OutputName)))
        {
            logger.LogInformation(StandInLabel.Text + ": no edgeHub route sends {deviceId}/{moduleId} output {output} upstream; message dropped",
                deviceId, moduleId, bag.GetValueOrDefault(PropertyBag.OutputName));
            return;
        }
        if (type is null || !_routedTypes.Contains(type))
        {
            logger.LogDebug(StandInLabel.Text + ": message of type {type} from {deviceId} matches no route to the telemetry queue", type, deviceId);
            return;
        }

        var enqueuedAt = time.GetUtcNow();
        var contentType = bag.GetValueOrDefault(PropertyBag.ContentType);
        var contentEncoding = bag.GetValueOrDefault(PropertyBag.ContentEncoding);
        var system = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["iothub-connection-device-id"] = deviceId,
            ["iothub-connection-auth-method"] = JsonSerializer.Serialize(new { scope = moduleId is null ? "device" : "module", type = "sas", issuer = "iothub", acceptingIpFilterRule = (string?)null }),
            ["iothub-connection-auth-generation-id"] = "0",
            ["iothub-enqueuedtime"] = enqueuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["iothub-message-source"] = "Telemetry",
        };
        if (moduleId is not null) system["iothub-connection-module-id"] = moduleId;
        if (bag.TryGetValue(PropertyBag.MessageId, out var messageId)) system["message-id"] = messageId;
        if (bag.TryGetValue(PropertyBag.CorrelationId, out var correlationId)) system["correlation-id"] = correlationId;
        if (contentType is not null) system["iothub-content-type"] = contentType;
        if (contentEncoding is not null) system["iothub-content-encoding"] = contentEncoding;
        if (bag.TryGetValue(PropertyBag.CreationTime, out var created)) system["iothub-creation-time-utc"] = created;

        var json = IsJsonUtf8(contentType, contentEncoding) && IsValidJson(body);
        var eventJson = EventGridEventsShim.DeviceTelemetry(options.HubName, deviceId, enqueuedAt, application, system, body, json);
        // Awaited before the PUBACK goes out: a message the queue did not take is not acknowledged, so the device resends it.
        await telemetryQueue.SendMessageAsync(eventJson, cancellationToken);
        stats.Routed();
        logger.LogDebug(StandInLabel.Text + ": {type} message {messageId} from {deviceId} queued on {queue}", type, messageId, deviceId, telemetryQueue.Name);
    }

    // IoT Hub exposes the body as JSON only when $.ct is application/json and $.ce is utf-8 (see "IoT Hub message routing query syntax").
    private static bool IsJsonUtf8(string? contentType, string? contentEncoding) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && contentEncoding is not null && (contentEncoding.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || contentEncoding.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    private static bool IsValidJson(byte[] body)
    {
        try { using var _ = JsonDocument.Parse(body); return true; }
        catch (JsonException) { return false; }
    }
}
