using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Messaging;
using Yunbao.DevHost.Modules;
using Yunbao.Edge.Modules.Sources;
using Yunbao.Edge.PatrolCamera;
using StandIn = Yunbao.IotHubStandIn.IotHubStandIn;

namespace Yunbao.Edge.Modules.Tests;

[Collection(StorageCollection.Name)]
public sealed class PatrolCameraTests(StorageFixture storage)
{
    private static readonly GeoPoint Lize = new(116.3105, 39.8650);

    [Fact]
    public async Task Each_capture_uploads_the_four_views_with_capture_metadata_and_position_telemetry_flows()
    {
        var options = storage.NewOptions();
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("patrol");
        var frames = new RecordingFrames();
        await using var fleet = await ModuleFleet.StartAsync(hub,
            [new PatrolCameraSpec(deviceId, frames, new SteadyPosition(Lize, 90, 0), new PatrolCameraSettings { CaptureIntervalSeconds = 600 })],
            storage.FleetOptions());

        var frameEvents = new QueueCollector(storage.Queue(options.FrameEventsQueue));
        await Eventually.TrueAsync(async () => await frameEvents.PollAsync() >= 4, because: "four BlobCreated events");
        var telemetry = new QueueCollector(storage.Queue(options.TelemetryQueue));
        await Eventually.TrueAsync(async () => await telemetry.PollAsync() >= 1, because: "a position message");

        var created = frameEvents.Messages.Select(EventGridEvents.ParseFrameBlobCreated).ToList();
        Assert.Equal(4, created.Count);
        var frames_ = new BlobContainerClient(storage.StorageConnectionString, "frames");
        var captures = new List<FrameCapture>();
        foreach (var blob in created)
        {
            Assert.StartsWith(deviceId + "/", blob.BlobName);
            var metadata = (await frames_.GetBlobClient(blob.BlobName).GetPropertiesAsync()).Value.Metadata;
            Assert.Equal("recording", metadata["testsource"]);
            captures.Add(FrameMetadataCodec.Parse(blob.BlobName, new Dictionary<string, string>(metadata)));   // as the functions read it
        }
        Assert.Equal(["front", "left", "rear", "right"], captures.Select(c => c.View).Order());
        Assert.All(captures, c =>
        {
            Assert.Equal((deviceId, "lize", Lize, 90.0, EventSource.PatrolVehicle), (c.DeviceId, c.DistrictId, c.Position, c.HeadingDeg, c.Source));
        });
        Assert.Single(captures.Select(c => c.CapturedAt).Distinct());   // one capture, four views
        var position = EventGridEvents.ParseDeviceTelemetry(telemetry.Messages[0]);
        Assert.Equal((deviceId, "PatrolCamera", "position"), (position.DeviceId, position.ModuleId, position.Type));
        Assert.Equal(116.3105, position.Body.GetProperty("lon").GetDouble(), 6);
    }

    [Fact]
    public async Task SetCaptureInterval_changes_the_capture_cadence_and_the_reported_property()
    {
        var options = storage.NewOptions();
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("patrol");
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());   // the module's schedule; the IoT Hub client stays on the system clock
        var fleetOptions = storage.FleetOptions();
        fleetOptions.ModuleClock = clock;
        await using var fleet = await ModuleFleet.StartAsync(hub,
            [new PatrolCameraSpec(deviceId, new RecordingFrames(), new SteadyPosition(Lize, 0, 0), new PatrolCameraSettings { CaptureIntervalSeconds = 600, PositionIntervalSeconds = 600 })],
            fleetOptions);
        var module = (PatrolCameraModule)fleet.Modules.Single();
        await Eventually.TrueAsync(() => module.Captures == 1 && hub.AcceptsMethodsAsync(deviceId, "PatrolCamera").Result, because: "the first capture at start");

        clock.Advance(TimeSpan.FromSeconds(599));
        await PingAsync(hub, deviceId);                                    // a round trip through the module before looking
        Assert.Equal(1, module.Captures);                                  // 600 s interval: not yet
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => module.Captures == 2, because: "the second capture 600 s after the first");

        var bad = await hub.InvokeMethodAsync(deviceId, "PatrolCamera", "setCaptureInterval", """{"seconds":-1}""", TimeSpan.FromSeconds(10));
        var ok = await hub.InvokeMethodAsync(deviceId, "PatrolCamera", "setCaptureInterval", """{"seconds":0.5}""", TimeSpan.FromSeconds(10));

        Assert.Equal(400, bad.Status);
        Assert.Equal(200, ok.Status);
        Assert.Equal(0.5, module.Settings.CaptureIntervalSeconds);
        await Eventually.TrueAsync(() => module.Captures == 3, because: "a new interval counts from now");
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await Eventually.TrueAsync(() => module.Captures == 4, because: "the next capture 0.5 s later");
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await Eventually.TrueAsync(() => module.Captures == 5, because: "and again 0.5 s later");
        await Eventually.TrueAsync(() => hub.Twins.GetReported(deviceId, "PatrolCamera")["captureIntervalSeconds"]?.GetValue<double>() == 0.5,
            because: "the reported property follows the method");
    }

    [Fact]
    public async Task Without_a_position_fix_the_camera_sends_nothing_and_captureNow_says_why()
    {
        var options = storage.NewOptions();
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("patrol");
        var frames = new RecordingFrames();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var fleetOptions = storage.FleetOptions();
        fleetOptions.ModuleClock = clock;
        await using var fleet = await ModuleFleet.StartAsync(hub,
            [new PatrolCameraSpec(deviceId, frames, new NoGnssPositionSource(), new PatrolCameraSettings { CaptureIntervalSeconds = 5, PositionIntervalSeconds = 10 })],
            fleetOptions);
        await Eventually.TrueAsync(() => hub.AcceptsMethodsAsync(deviceId, "PatrolCamera"));

        var result = await hub.InvokeMethodAsync(deviceId, "PatrolCamera", "captureNow", "{}", TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(60));
        await PingAsync(hub, deviceId);

        Assert.Equal(503, result.Status);
        Assert.Contains("No GNSS connected", result.PayloadJson);
        Assert.Empty(frames.Captures);
        Assert.Equal(0, ((PatrolCameraModule)fleet.Modules.Single()).Captures);
        Assert.Equal(0, hub.Stats.RoutedToTelemetryQueue);
    }

    private static async Task PingAsync(StandIn hub, string deviceId) =>
        Assert.Equal(200, (await hub.InvokeMethodAsync(deviceId, "PatrolCamera", "ping", null, TimeSpan.FromSeconds(10))).Status);

    [Fact]
    public async Task Desired_properties_from_the_manifest_and_later_patches_are_applied_and_reported()
    {
        var options = storage.NewOptions(withManifest: true);
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("patrol");
        await using var fleet = await ModuleFleet.StartAsync(hub,
            [new PatrolCameraSpec(deviceId, new RecordingFrames(), new SteadyPosition(Lize, 0, 25))], storage.FleetOptions());
        var module = (PatrolCameraModule)fleet.Modules.Single();
        await Eventually.TrueAsync(() => module.AppliedDesiredVersion >= 1, because: "the manifest's desired properties");
        Assert.Equal(20, module.Settings.CaptureDistanceMeters);   // deployment.template.json

        await hub.UpdateDesiredAsync(deviceId, "PatrolCamera", new JsonObject { ["captureDistanceMeters"] = 35 });

        await Eventually.TrueAsync(() => module.Settings.CaptureDistanceMeters == 35);
        await Eventually.TrueAsync(() => hub.Twins.GetReported(deviceId, "PatrolCamera")["captureDistanceMeters"]?.GetValue<double>() == 35);
        var ping = await hub.InvokeMethodAsync(deviceId, "PatrolCamera", "ping", null, TimeSpan.FromSeconds(10));
        Assert.Equal(200, ping.Status);
        Assert.Contains("\"pong\":true", ping.PayloadJson);
    }

    [Theory]
    [InlineData(0, 5, 20, 5.0)]        // standing still: the time interval
    [InlineData(36, 5, 20, 2.0)]       // 10 m/s: 20 m come after 2 s
    [InlineData(7.2, 5, 20, 5.0)]      // 2 m/s: 20 m would take 10 s, the interval comes first
    public void Capture_delay_follows_speed_interval_and_distance(double speedKmh, double interval, double distance, double expectedSeconds)
    {
        var settings = new PatrolCameraSettings { CaptureIntervalSeconds = interval, CaptureDistanceMeters = distance };

        Assert.Equal(expectedSeconds, settings.NextCaptureDelay(speedKmh).TotalSeconds, 3);
    }
}
