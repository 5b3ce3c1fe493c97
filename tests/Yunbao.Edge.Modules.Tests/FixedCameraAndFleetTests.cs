using Azure.Storage.Blobs;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Messaging;
using Yunbao.DevHost.Modules;
using Yunbao.DevHost.Modules.Simulation;
using Yunbao.Edge.EnvSensor;
using Yunbao.Edge.FixedCamera;
using Yunbao.Edge.PatrolCamera;
using StandIn = Yunbao.IotHubStandIn.IotHubStandIn;

namespace Yunbao.Edge.Modules.Tests;

[Collection(StorageCollection.Name)]
public sealed class FixedCameraAndFleetTests(StorageFixture storage)
{
    [Fact]
    public async Task Fixed_camera_uploads_one_view_and_captureNow_returns_the_new_blob()
    {
        var options = storage.NewOptions();
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("pole");
        await using var fleet = await ModuleFleet.StartAsync(hub,
            [new FixedCameraSpec(deviceId, new RecordingFrames(), new FixedPositionSource(new GeoPoint(116.31, 39.86), 180), new FixedCameraSettings { CaptureIntervalSeconds = 600 })],
            storage.FleetOptions());
        await Eventually.TrueAsync(() => hub.AcceptsMethodsAsync(deviceId, "FixedCamera"));

        var result = await hub.InvokeMethodAsync(deviceId, "FixedCamera", "captureNow", "{}", TimeSpan.FromSeconds(20));

        Assert.Equal(200, result.Status);
        var frameEvents = new QueueCollector(storage.Queue(options.FrameEventsQueue));
        await Eventually.TrueAsync(async () => await frameEvents.PollAsync() >= 2, because: "the loop's first capture and captureNow");
        var names = frameEvents.Messages.Select(m => EventGridEvents.ParseFrameBlobCreated(m).BlobName).ToList();
        Assert.Contains(names, n => result.PayloadJson!.Contains(n));
        var metadata = (await new BlobContainerClient(storage.StorageConnectionString, "frames").GetBlobClient(names[0]).GetPropertiesAsync()).Value.Metadata;
        Assert.Equal("fixed", metadata[FrameMetadataKeys.View]);
        Assert.Equal(nameof(EventSource.FixedCamera), metadata[FrameMetadataKeys.Source]);
        Assert.Equal(180, FrameMetadataCodec.Parse(names[0], new Dictionary<string, string>(metadata)).HeadingDeg);
    }

    [Fact]
    public async Task A_fleet_on_simulated_sources_talks_MQTT_and_file_upload_to_the_stand_in()
    {
        var options = storage.NewOptions(withManifest: true);
        await using var hub = await StandIn.StartAsync(options);
        var sim = SimulationSources.Standalone();
        var patrol = StorageFixture.NewDeviceId("patrol");
        var station = StorageFixture.NewDeviceId("env");
        await using var fleet = await ModuleFleet.StartAsync(hub,
        [
            new PatrolCameraSpec(patrol, sim.PatrolFrames, sim.PatrolPosition, new PatrolCameraSettings { CaptureIntervalSeconds = 600 }),
            new EnvSensorSpec(station, sim.EnvironmentalSensor(station, new GeoPoint(116.308, 39.862)), new EnvSensorSettings { ReadingIntervalSeconds = 600 }),
        ], storage.FleetOptions());

        var frameEvents = new QueueCollector(storage.Queue(options.FrameEventsQueue));
        var telemetry = new QueueCollector(storage.Queue(options.TelemetryQueue));
        await Eventually.TrueAsync(async () => await frameEvents.PollAsync() >= 4, TimeSpan.FromSeconds(60), "four simulated frames");
        await Eventually.TrueAsync(async () => (await telemetry.PollAsync()) >= 2, because: "position and sensor messages");

        var blob = EventGridEvents.ParseFrameBlobCreated(frameEvents.Messages[0]);
        var metadata = (await new BlobContainerClient(storage.StorageConnectionString, "frames").GetBlobClient(blob.BlobName).GetPropertiesAsync()).Value.Metadata;
        Assert.Equal("true", metadata[FrameMetadataKeys.Simulated]);
        Assert.Equal("image/jpeg", blob.ContentType);
        Assert.True(blob.ContentLength > 1000);
        var types = telemetry.Messages.Select(EventGridEvents.ParseDeviceTelemetry).Select(t => (t.DeviceId, t.Type)).ToHashSet();
        Assert.Contains((patrol, "position"), types);
        Assert.Contains((station, "sensor"), types);
        Assert.Equal(2, (await hub.ConnectedClientIdsAsync()).Count);
    }

    [Fact]
    public async Task Modules_without_their_own_schedule_capture_and_read_only_when_told_at_the_callers_time()
    {
        // The DevHost's mode: the simulated fleet decides when (on simulated time); the modules connect, draw, upload and send.
        var options = storage.NewOptions(withManifest: true);
        await using var hub = await StandIn.StartAsync(options);
        var pole = StorageFixture.NewDeviceId("pole");
        var station = StorageFixture.NewDeviceId("env");
        var frames = new RecordingFrames();
        var fleetOptions = storage.FleetOptions();
        fleetOptions.RunSchedules = false;
        fleetOptions.MessageProperties = new() { ["simulated"] = "true" };
        await using var fleet = await ModuleFleet.StartAsync(hub,
        [
            new FixedCameraSpec(pole, frames, new FixedPositionSource(new GeoPoint(116.31, 39.86), 90)),
            new EnvSensorSpec(station, new ScriptedSensor(10)),
        ], fleetOptions);
        await Eventually.TrueAsync(async () => await hub.AcceptsMethodsAsync(pole, "FixedCamera") && await hub.AcceptsMethodsAsync(station, "EnvSensor"));
        await Task.Delay(500);
        Assert.Empty(frames.Captures);   // a scheduled module captures at once after starting

        var at = new DateTimeOffset(2026, 11, 24, 23, 30, 5, TimeSpan.Zero);
        var camera = Assert.IsType<FixedCameraModule>(fleet.Modules.Single(m => m.Context.DeviceId == pole));
        var name = await camera.CaptureAsync(at, CancellationToken.None);
        var sensor = Assert.IsType<EnvSensorModule>(fleet.Modules.Single(m => m.Context.DeviceId == station));
        await sensor.ReadOnceAsync(at, CancellationToken.None);

        Assert.NotNull(name);
        Assert.Equal(at, Assert.Single(frames.Captures).CapturedAt);
        var frameEvents = new QueueCollector(storage.Queue(options.FrameEventsQueue));
        await Eventually.TrueAsync(async () => await frameEvents.PollAsync() >= 1, because: "the upload's BlobCreated");
        Assert.Equal($"{pole}/{name!.Split('/', 2)[1]}", EventGridEvents.ParseFrameBlobCreated(frameEvents.Messages[0]).BlobName);
        var telemetry = new QueueCollector(storage.Queue(options.TelemetryQueue));
        await Eventually.TrueAsync(async () => await telemetry.PollAsync() >= 1, because: "the reading over MQTT");
        var reading = EventGridEvents.ParseDeviceTelemetry(telemetry.Messages[0]);
        Assert.Equal((station, "sensor"), (reading.DeviceId, reading.Type));
        Assert.Equal("true", reading.Properties["simulated"]);
        Assert.Equal(at, reading.Body.GetProperty("ts").GetDateTimeOffset());
    }
}
