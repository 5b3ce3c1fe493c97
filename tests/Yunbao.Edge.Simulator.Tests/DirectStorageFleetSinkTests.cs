using System.Text.Json;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Simulation;
using Yunbao.Contracts.Telemetry;
using Yunbao.Edge.Simulator.Output;
using Yunbao.Testing;
using Yunbao.Contracts;

namespace Yunbao.Edge.Simulator.Tests;

[Collection(LocalStackFixture.CollectionName)]
public sealed class DirectStorageFleetSinkTests(LocalStackFixture fx)
{
    [Fact]
    public async Task A_frame_lands_in_frames_with_its_metadata_and_a_BlobCreated_event_names_it()
    {
        var frames = fx.Blobs.GetBlobContainerClient(Yunbao.Contracts.Storage.StorageNames.FramesContainer);
        var frameEvents = await fx.CreateQueueAsync("frame-events");
        var telemetry = await fx.CreateQueueAsync("telemetry");
        var sink = new DirectStorageFleetSink(frames, frameEvents, telemetry);
        await sink.EnsureCreatedAsync(CancellationToken.None);

        var deviceId = UniqueNames.Next("patrol");
        var sinkUnderTest = new FleetSimulator(new SimulatorOptions { Seed = 7, PatrolDeviceId = deviceId, FixedCaptureIntervalSeconds = 1e9 }, sink, TestWorld.Lize);
        await sinkUnderTest.StepAsync(TestWorld.Wednesday(9));

        var message = (await frameEvents.ReceiveMessageAsync()).Value;
        var created = EventGridEvents.ParseFrameBlobCreated(message.MessageText);
        Assert.StartsWith(deviceId + "/2026/11/", created.BlobName);
        Assert.Equal("image/jpeg", created.ContentType);

        var blob = frames.GetBlobClient(created.BlobName);
        var props = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(created.ContentLength, props.ContentLength);
        Assert.Equal("image/jpeg", props.ContentType);
        Assert.Equal("true", props.Metadata[FrameMetadataKeys.Simulated]);
        Assert.Equal(deviceId, props.Metadata[FrameMetadataKeys.DeviceId]);
        Assert.Equal("lize", props.Metadata[FrameMetadataKeys.DistrictId]);
        Assert.NotNull(GroundTruthCodec.Decode(props.Metadata[FrameMetadataKeys.GroundTruth]));
        Assert.Equal(props.ETag.ToString(), created.ETag);
        Assert.EndsWith("/frames/" + created.BlobName, created.Url);

        // telemetry: DeviceTelemetry events with the type property and the JSON body
        var telemetryMessages = (await telemetry.ReceiveMessagesAsync(32)).Value;
        var parsed = telemetryMessages.Select(m => EventGridEvents.ParseDeviceTelemetry(m.MessageText)).ToList();
        var vehicle = parsed.Single(p => p.DeviceId == deviceId);
        Assert.Equal((TelemetryTypes.Position, "PatrolCamera"), (vehicle.Type, vehicle.ModuleId));
        var report = vehicle.Body.Deserialize<PositionReport>(YunbaoJson.Options)!;
        Assert.Equal(("vehicle", "lize"), (report.Kind, report.DistrictId));
        Assert.InRange(report.SpeedKmh, 20, 30);
        Assert.Contains(parsed, p => p.Type == TelemetryTypes.Sensor && p.ModuleId == "EnvSensor");
    }
}
