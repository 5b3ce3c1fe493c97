using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Yunbao.Domain.Pipeline;
using Yunbao.Domain.Telemetry;
using Yunbao.Infrastructure.Messaging;

namespace Yunbao.Functions.Functions;

/// <summary>A device message routed by IoT Hub to Event Grid (DeviceTelemetry) and into the `telemetry` queue.</summary>
public sealed class IngestTelemetry(TelemetryIngestionService telemetry, PoisonQueue poison, ILogger<IngestTelemetry> logger)
{
    public const string QueueName = "telemetry";

    [Function(nameof(IngestTelemetry))]
    public async Task Run([QueueTrigger(QueueName, Connection = "Storage")] string message, CancellationToken ct)
    {
        TelemetryMessage telemetryMessage;
        try
        {
            telemetryMessage = EventGridEvents.ParseDeviceTelemetry(message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await poison.SendAsync(QueueName, message, "Not a DeviceTelemetry event: " + e.Message, ct);
            return;
        }

        try
        {
            var outcome = await telemetry.IngestAsync(telemetryMessage, ct);
            logger.LogInformation("Telemetry {Kind} from {DeviceId}: {Incidents} incidents", outcome.Kind, telemetryMessage.DeviceId, outcome.Incidents.Count);
        }
        catch (UnprocessableInputException e)
        {
            await poison.SendAsync(QueueName, message, e.Message, ct);
        }
    }
}
