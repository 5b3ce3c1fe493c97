using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Storage;
using Yunbao.Contracts;

namespace Yunbao.Edge.Simulator.Output;

/// <summary>
/// Writes the fleet's output where the cloud would have put it, without IoT Hub in between: the frame into
/// the `frames` container with its capture metadata (FrameMetadataCodec, as the functions read it), then on `frame-events` exactly the BlobCreated event
/// Event Grid would deliver; each telemetry message on `telemetry` as the DeviceTelemetry event IoT Hub's
/// Event Grid route would deliver. Event shapes come from EventGridEvents, the one place that knows them.
/// </summary>
public sealed class DirectStorageFleetSink : IFleetSink
{

    private readonly BlobContainerClient _frames;
    private readonly QueueClient _frameEvents;
    private readonly QueueClient _telemetry;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public DirectStorageFleetSink(BlobContainerClient frames, QueueClient frameEvents, QueueClient telemetry, TimeProvider? clock = null, ILogger<DirectStorageFleetSink>? logger = null)
    {
        _frames = frames;
        _frameEvents = frameEvents;
        _telemetry = telemetry;
        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The production names (`frames`, `frame-events`, `telemetry`) on one storage account.</summary>
    public static DirectStorageFleetSink ForConnectionString(string storageConnectionString, TimeProvider? clock = null, ILogger<DirectStorageFleetSink>? logger = null) =>
        new(new BlobContainerClient(storageConnectionString, StorageNames.FramesContainer),
            new QueueClient(storageConnectionString, StorageNames.FrameEventsQueue),
            new QueueClient(storageConnectionString, StorageNames.TelemetryQueue),
            clock, logger);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await _frames.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _frameEvents.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _telemetry.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    public async Task PublishFrameAsync(FrameCapture capture, byte[] jpeg, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        // Capture context first, the source's metadata (simulated, ground truth) over it: as BlobFrameStore writes frames.
        var allMetadata = FrameMetadataCodec.ToMetadata(capture);
        foreach (var (k, v) in metadata) allMetadata[k] = v;
        var upload = await _frames.GetBlobClient(capture.BlobName).UploadAsync(BinaryData.FromBytes(jpeg), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" },
            Metadata = allMetadata,
        }, cancellationToken);
        var eTag = upload.Value.ETag.ToString();
        var message = EventGridEvents.CreateBlobCreatedMessage(new BlobCreatedEventInput
        {
            BlobServiceUri = _frames.GetParentBlobServiceClient().Uri,
            Container = _frames.Name,
            BlobName = capture.BlobName,
            ContentType = "image/jpeg",
            ContentLength = jpeg.Length,
            ETag = eTag,
            EventTime = _clock.GetUtcNow(),
        });
        await _frameEvents.SendMessageAsync(message, cancellationToken);
        _logger.LogDebug("Simulated frame {BlobName} stored and announced for {DeviceId}", capture.BlobName, capture.DeviceId);
    }

    public async Task PublishTelemetryAsync(string deviceId, string? moduleId, string type, object body, CancellationToken cancellationToken)
    {
        var message = EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = deviceId,
            ModuleId = moduleId,
            // "simulated" marks the message as coming from the simulated fleet (TelemetryIngestionService.SimulatedProperty).
            Properties = new Dictionary<string, string> { ["type"] = type, ["simulated"] = "true" },
            Body = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), YunbaoJson.Options),
            MessageId = Guid.NewGuid().ToString("N"),
            EnqueuedAt = _clock.GetUtcNow(),
        });
        await _telemetry.SendMessageAsync(message, cancellationToken);
    }
}
