using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Telemetry;
using Yunbao.DevHost.Modules.Simulation;
using Yunbao.Edge.EnvSensor;
using Yunbao.Edge.FixedCamera;
using Azure.Storage.Blobs;
using StandIn = Yunbao.IotHubStandIn.IotHubStandIn;

namespace Yunbao.Edge.Modules.Tests;

[Collection(StorageCollection.Name)]
public sealed class ModuleHostTests(StorageFixture storage)
{
    [Fact]
    public async Task A_module_process_configured_from_its_environment_sends_through_the_stand_in()
    {
        var options = storage.NewOptions(withManifest: true);
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("env");
        hub.AddDevice(deviceId, ["EnvSensor"]);
        var outbox = Path.Combine(Path.GetTempPath(), "yunbao-module-tests", Guid.NewGuid().ToString("N"));
        var heartbeat = Path.Combine(Path.GetTempPath(), "yunbao-module-tests", Guid.NewGuid().ToString("N") + ".heartbeat");
        string[] args =
        [
            $"--IotHub:ConnectionString={hub.Registry.GetConnectionString(deviceId, "EnvSensor")}",
            "--IotHub:MqttHost=127.0.0.1", $"--IotHub:MqttPort={hub.MqttPort}", "--IotHub:UseTls=false",
            $"--IotHub:HttpBaseAddress={hub.HttpBaseAddress}", $"--IotHub:Outbox:Directory={outbox}",
            "--District:DistrictId=lize", "--Logging:LogLevel:Default=Warning", $"--Health:HeartbeatFile={heartbeat}",
        ];
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // What the EnvSensor container's Program.cs does, with SIMULATED sources injected by the host and the station at a fixed place.
        var run = ModuleHost.RunAsync(args, EnvSensorModule.DefaultModuleId, s => new EnvSensorModule(
            s.Client, s.Context, s.Sources.EnvironmentalSensor(s.Context.DeviceId, new GeoPoint(116.308, 39.862)),
            logger: s.LoggerFactory.CreateLogger<EnvSensorModule>()), _ => SimulationSources.Standalone(), stop.Token);

        var telemetry = new QueueCollector(storage.Queue(options.TelemetryQueue));
        await Eventually.TrueAsync(async () => await telemetry.PollAsync() >= 1, because: "the first reading");
        await Eventually.TrueAsync(() => hub.Twins.GetReported(deviceId, "EnvSensor")["readingIntervalSeconds"]?.GetValue<double>() == 60,
            because: "the manifest's desired properties applied and reported");
        // The image's HEALTHCHECK reads this file's age: the running module keeps it fresh.
        Assert.True(File.Exists(heartbeat) && DateTime.UtcNow - File.GetLastWriteTimeUtc(heartbeat) < TimeSpan.FromMinutes(1), "heartbeat file not written");
        stop.Cancel();
        await run;
        var reading = EventGridEvents.ParseDeviceTelemetry(telemetry.Messages[0]);
        Assert.Equal((deviceId, "EnvSensor", TelemetryTypes.Sensor), (reading.DeviceId, reading.ModuleId, reading.Type));
        Assert.True(reading.Body.GetProperty("values").GetProperty("pm25").GetDouble() > 0);
    }

    [Fact]
    public async Task A_camera_module_process_uploads_its_frames_with_the_device_identity_read_from_the_mounted_file()
    {
        var options = storage.NewOptions(withManifest: true);
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("pole");
        hub.AddDevice(deviceId, [FixedCameraModule.DefaultModuleId]);
        var dir = Path.Combine(Path.GetTempPath(), "yunbao-module-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        // What the vehicle's /etc/yunbao/secrets/device-connection-string holds: the DEVICE's connection string.
        var secret = Path.Combine(dir, "device-connection-string");
        await File.WriteAllTextAsync(secret, hub.Registry.GetConnectionString(deviceId) + "\n");
        string[] args =
        [
            $"--IotHub:ConnectionString={hub.Registry.GetConnectionString(deviceId, FixedCameraModule.DefaultModuleId)}",
            "--IotHub:MqttHost=127.0.0.1", $"--IotHub:MqttPort={hub.MqttPort}", "--IotHub:UseTls=false",
            $"--IotHub:HttpBaseAddress={hub.HttpBaseAddress}", $"--IotHub:Outbox:Directory={Path.Combine(dir, "outbox")}",
            $"--FrameUploader:DeviceConnectionStringFile={secret}",
            "--District:DistrictId=lize", "--Logging:LogLevel:Default=Warning",
        ];
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // What the FixedCamera container's Program.cs does, with SIMULATED frames injected by the host.
        var run = ModuleHost.RunAsync(args, FixedCameraModule.DefaultModuleId, s => new FixedCameraModule(
            s.Client, s.CreateFrameUploader(), s.Context, s.Sources.FixedFrames, new FixedPositionSource(new GeoPoint(116.3105, 39.8650), 0),
            logger: s.LoggerFactory.CreateLogger<FixedCameraModule>()), _ => SimulationSources.Standalone(), stop.Token);

        var frames = new BlobContainerClient(storage.StorageConnectionString, "frames");
        await Eventually.TrueAsync(async () =>
        {
            await foreach (var _ in frames.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, deviceId + "/", CancellationToken.None)) return true;
            return false;
        }, because: "the first frame uploaded under the device's folder");
        stop.Cancel();
        await run;
        Assert.True(hub.Stats.UploadsCompleted >= 1);
        Assert.Equal(0, hub.Stats.UploadsRefused);
    }

    [Fact]
    public async Task A_camera_module_without_a_device_identity_for_its_frames_stops_at_start_and_says_why()
    {
        var options = storage.NewOptions();
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("pole");
        hub.AddDevice(deviceId, [FixedCameraModule.DefaultModuleId]);
        string[] args =
        [
            $"--IotHub:ConnectionString={hub.Registry.GetConnectionString(deviceId, FixedCameraModule.DefaultModuleId)}",
            "--IotHub:MqttHost=127.0.0.1", $"--IotHub:MqttPort={hub.MqttPort}", "--IotHub:UseTls=false",
            $"--IotHub:Outbox:Directory={Path.Combine(Path.GetTempPath(), "yunbao-module-tests", Guid.NewGuid().ToString("N"))}",
            "--Logging:LogLevel:Default=None",
        ];
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // The generic host stops when its worker fails (BackgroundServiceExceptionBehavior.StopHost): the container exits
        // and IoT Edge restarts it, and the log says why (the same exception FrameUploaderFactory throws below).
        await ModuleHost.RunAsync(args, FixedCameraModule.DefaultModuleId, s => new FixedCameraModule(
            s.Client, s.CreateFrameUploader(), s.Context, s.Sources.FixedFrames, new FixedPositionSource(new GeoPoint(116.3105, 39.8650), 0)),
            _ => SimulationSources.Standalone(), stop.Token);
        var refused = Assert.Throws<InvalidOperationException>(() => FrameUploaderFactory.FromConfiguration(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), new Yunbao.Edge.IotHub.IotHubClientOptions(), deviceId, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        var missingFile = Assert.Throws<InvalidOperationException>(() => FrameUploaderFactory.FromConfiguration(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection([new("FrameUploader:DeviceConnectionStringFile", "/nonexistent/device-connection-string")]).Build(),
            new Yunbao.Edge.IotHub.IotHubClientOptions(), deviceId, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

        Assert.False(stop.IsCancellationRequested, "the module should stop by itself, not run until the timeout");
        Assert.Equal(0, hub.Stats.UploadsStarted);
        Assert.Contains("device identities only", refused.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missingFile.Message, StringComparison.Ordinal);
    }
}
