using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Messaging;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// D2C routing as DESIGN.md sets it up in Azure: edgeHub routes ($upstream) for module messages, then the IoT Hub route to
/// the built-in Event Grid endpoint, whose subscription (filtered on `type`) delivers Microsoft.Devices.DeviceTelemetry
/// events into the `telemetry` Storage queue, Base64-encoded as Event Grid writes them (built by EventGridEvents).
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

        if (moduleId is not null && manifest is not null && !manifest.RoutesUpstream(moduleId, bag.GetValueOrDefault(SystemProperties.OutputName)))
        {
            logger.LogInformation(StandInLabel.Text + ": no edgeHub route sends {deviceId}/{moduleId} output {output} upstream; message dropped",
                deviceId, moduleId, bag.GetValueOrDefault(SystemProperties.OutputName));
            return;
        }
        if (type is null || !_routedTypes.Contains(type))
        {
            logger.LogDebug(StandInLabel.Text + ": message of type {type} from {deviceId} matches no route to the telemetry queue", type, deviceId);
            return;
        }

        var enqueuedAt = time.GetUtcNow();
        var contentType = bag.GetValueOrDefault(SystemProperties.ContentType);
        var contentEncoding = bag.GetValueOrDefault(SystemProperties.ContentEncoding);
        var message = EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = deviceId,
            ModuleId = moduleId,
            Properties = application,
            Body = body,
            ContentType = bag.GetValueOrDefault(SystemProperties.ContentType),
            ContentEncoding = bag.GetValueOrDefault(SystemProperties.ContentEncoding),
            MessageId = bag.GetValueOrDefault(SystemProperties.MessageId),
            CorrelationId = bag.GetValueOrDefault(SystemProperties.CorrelationId),
            EnqueuedAt = time.GetUtcNow(),
            Topic = $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Devices/IotHubs/{options.HubName}",
        });
        // Awaited before the PUBACK goes out: a message the queue did not take is not acknowledged, so the device resends it.
        await telemetryQueue.SendMessageAsync(message, cancellationToken);
        stats.Routed();
        logger.LogDebug(StandInLabel.Text + ": {type} message {messageId} from {deviceId} queued on {queue}", type, bag.GetValueOrDefault(SystemProperties.MessageId), deviceId, telemetryQueue.Name);
    }
}
