using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Storage;
using Yunbao.Application.Detection;
using Yunbao.Application;
using Yunbao.Infrastructure.Messaging;

namespace Yunbao.Functions.Triggers;

/// <summary>A frame landed in Blob `frames`; Event Grid put its BlobCreated event in the `frame-events` queue.</summary>
public sealed class DetectFrame(FrameDetectionService frames, PoisonQueue poison, ILogger<DetectFrame> logger)
{
    public const string QueueName = StorageNames.FrameEventsQueue;

    [Function(nameof(DetectFrame))]
    public async Task Run([QueueTrigger(QueueName, Connection = "Storage")] string message, CancellationToken ct)
    {
        try
        {
            var frame = EventGridEvents.ParseFrameBlobCreated(message);
            var result = await frames.ProcessFrameAsync(frame.BlobName, ct);
            logger.LogInformation("Frame {FrameId}: {Detections} detections by {Provider} (simulated {Simulated}), {IncidentsCreated} new incidents, {Opened} orders opened",
                frame.BlobName, result.Detections, result.Provider, result.Simulated, result.IncidentsCreated, result.WorkOrdersOpened.Count);
        }
        catch (Exception e) when (e is UnprocessableInputException or ContractFormatException)
        {
            // Malformed event or unreadable frame: a retry cannot help, so park it with the reason instead of failing five times.
            await poison.SendAsync(QueueName, message, e.Message, ct);
        }
        // Anything else is transient: it propagates, the runtime retries and moves the message to -poison after maxDequeueCount.
    }
}
