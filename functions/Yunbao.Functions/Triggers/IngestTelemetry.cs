using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Storage;
using Yunbao.Application.Telemetry;
using Yunbao.Application;
using Yunbao.Infrastructure.Messaging;

namespace Yunbao.Functions.Triggers;

/// <summary>A device message that IoT Hub routed to Event Grid (DeviceTelemetry) and into the `telemetry` queue.</summary>
public sealed class IngestTelemetry(TelemetryIngestionService telemetry, PoisonQueue poison, ILogger<IngestTelemetry> logger)
{
    public const string QueueName = StorageNames.TelemetryQueue;

    [Function(nameof(IngestTelemetry))]
    public async Task Run([QueueTrigger(QueueName, Connection = "Storage")] string message, CancellationToken ct)
    {
        try
        {
            var device = EventGridEvents.ParseDeviceTelemetry(message);
            var outcome = await telemetry.IngestAsync(device, ct);
            logger.LogInformation("Telemetry {Kind} from {DeviceId}: {Incidents} incidents", outcome.Kind, device.DeviceId, outcome.Incidents.Count);
        }
        catch (Exception e) when (e is UnprocessableInputException or ContractFormatException)
        {
            await poison.SendAsync(QueueName, message, e.Message, ct);
        }
    }
}
