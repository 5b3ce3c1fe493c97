using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Telemetry;
using Yunbao.DevHost.Modules.Simulation;
using Yunbao.Edge.EnvSensor;
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
}
