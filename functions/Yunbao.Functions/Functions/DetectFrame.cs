using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Yunbao.Domain.Pipeline;
using Yunbao.Infrastructure.Messaging;

namespace Yunbao.Functions.Functions;

/// <summary>A frame landed in Blob `frames`; Event Grid put its BlobCreated event in the `frame-events` queue.</summary>
public sealed class DetectFrame(FrameDetectionService frames, PoisonQueue poison, ILogger<DetectFrame> logger)
{
    public const string QueueName = "frame-events";

    [Function(nameof(DetectFrame))]
    public async Task Run([QueueTrigger(QueueName, Connection = "Storage")] string message, CancellationToken ct)
    {
        string blobName;
        try
        {
            blobName = EventGridEvents.ParseBlobCreated(message).BlobName;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A malformed event never becomes valid: park it with the reason instead of retrying five times.
            await poison.SendAsync(QueueName, message, "Not a BlobCreated event for the frames container: " + e.Message, ct);
            return;
        }

        try
        {
            var result = await frames.ProcessFrameAsync(blobName, ct);
            logger.LogInformation("Frame {FrameId} processed by {Provider} (simulated: {Simulated}): {Detections} detections, {IncidentsCreated} new incidents, {Opened} orders opened",
                blobName, result.Provider, result.Simulated, result.Detections, result.IncidentsCreated, result.WorkOrdersOpened.Count);
        }
        catch (UnprocessableInputException e)
        {
            await poison.SendAsync(QueueName, message, e.Message, ct);
        }
        // Anything else is transient: throw, the runtime retries and moves the message to -poison after maxDequeueCount.
    }
}
