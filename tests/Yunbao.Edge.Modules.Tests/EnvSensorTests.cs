using Yunbao.Domain.Telemetry;
using Yunbao.Edge.EnvSensor;
using Yunbao.Edge.IotHub;
using Yunbao.Edge.Simulator.Devices;
using Yunbao.Infrastructure.Messaging;
using Yunbao.IotHubStandIn;
using StandIn = Yunbao.IotHubStandIn.IotHubStandIn;

namespace Yunbao.Edge.Modules.Tests;

[Collection(StorageCollection.Name)]
public sealed class EnvSensorTests(StorageFixture storage)
{
    private static EnvSensorSettings Fast(double intervalSeconds) => new()
    {
        ReadingIntervalSeconds = intervalSeconds,
        Thresholds = [new AlarmThreshold(SensorMetrics.Pm25, 75, 60)],
    };

    [Fact]
    public async Task Alerts_are_raised_at_the_threshold_and_cleared_only_below_the_clear_level()
    {
        var options = storage.NewOptions();
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("env");
        //                           raise        (hysteresis)  clear  (no)  raise
        var sensor = new ScriptedSensor(50, 80, 90, 70, 65, 61, 59, 62, 74, 80, 80);
        await using var fleet = await ModuleFleet.StartAsync(hub, [new EnvSensorSpec(deviceId, sensor, Fast(0.05))], storage.FleetOptions());

        var telemetry = new QueueCollector(storage.Queue(options.TelemetryQueue));
        await Eventually.TrueAsync(async () =>
        {
            await telemetry.PollAsync();
            return telemetry.Messages.Select(EventGridEvents.ParseDeviceTelemetry).Count(m => m.Type == TelemetryTypes.Sensor) >= 13;
        }, because: "the scripted readings and a few repeats of the last");

        var messages = telemetry.Messages.Select(EventGridEvents.ParseDeviceTelemetry).ToList();
        var alerts = messages.Where(m => m.Type == TelemetryTypes.Alert)
            .Select(m => (State: m.Body.GetProperty("state").GetString(), Value: m.Body.GetProperty("value").GetDouble(), Threshold: m.Body.GetProperty("threshold").GetDouble()))
            .ToList();
        Assert.Equal([("raised", 80.0, 75.0), ("cleared", 59.0, 60.0), ("raised", 80.0, 75.0)], alerts);
        var first = messages.First(m => m.Type == TelemetryTypes.Alert);
        Assert.Equal(("pm25", "lize", deviceId, "EnvSensor"), (first.Body.GetProperty("metric").GetString(), first.Body.GetProperty("districtId").GetString(), first.DeviceId, first.ModuleId));
        Assert.Equal(50, messages.First(m => m.Type == TelemetryTypes.Sensor).Body.GetProperty("values").GetProperty("pm25").GetDouble());
    }

    /// <summary>
    /// The issue's outage scenario at the module level. QoS 1 is at-least-once, so the receiver dedupes by message id
    /// (EnvSensor's ids are "{device}:{kind}:{time}"): after dedupe every message the module produced arrives exactly once,
    /// in the order produced, through a broker outage and a module restart in the middle of it.
    /// </summary>
    [Fact]
    public async Task Through_a_broker_outage_and_a_module_restart_every_message_arrives_once_in_order()
    {
        var options = storage.NewOptions();
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("env");
        var fleetOptions = storage.FleetOptions();
        var sensor = new ScriptedSensor(50, 80, 80, 80, 80, 80, 55);   // one raise, one clear, mostly plain readings
        var produced = new List<string>();
        var spec = new EnvSensorSpec(deviceId, sensor, Fast(0.1));

        async Task<(EnvSensorModule Module, Task Run, CancellationTokenSource Stop)> StartModuleAsync()
        {
            var module = (EnvSensorModule)await ModuleFleet.CreateModuleAsync(hub, spec, fleetOptions);
            module.MessageQueued += m => { lock (produced) produced.Add(m.MessageId); };
            var stop = new CancellationTokenSource();
            return (module, Task.Run(() => module.RunAsync(stop.Token)), stop);
        }

        var first = await StartModuleAsync();
        await Eventually.TrueAsync(() => hub.Stats.RoutedToTelemetryQueue >= 5, because: "some messages before the outage");

        await hub.StopBrokerAsync();
        await Task.Delay(800);                                // the module keeps producing into its outbox
        first.Stop.Cancel();
        await first.Run;
        Assert.True(first.Module.Client.PendingMessages > 0, "messages wait in the outbox during the outage");
        await first.Module.DisposeAsync();                     // the module restarts in the middle of the outage
        var second = await StartModuleAsync();
        await Task.Delay(800);
        await hub.StartBrokerAsync();
        await Task.Delay(800);
        second.Stop.Cancel();
        await second.Run;
        using (var drained = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            // A stopped module does not publish: start the client alone to drain what is left.
            await second.Module.Client.StartAsync();
            await second.Module.Client.WaitForOutboxDrainedAsync(drained.Token);
        }
        await second.Module.DisposeAsync();

        var telemetry = new QueueCollector(storage.Queue(options.TelemetryQueue));
        string[] expected;
        lock (produced) expected = [.. produced];
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline
               && telemetry.Messages.Select(m => EventGridEvents.ParseDeviceTelemetry(m).MessageId).Distinct().Count() < expected.Length)
        {
            await telemetry.PollAsync();
            await Task.Delay(100);
        }
        var received = telemetry.Messages.Select(m => EventGridEvents.ParseDeviceTelemetry(m).MessageId!).ToList();
        var deduped = received.Distinct().ToList();

        var missing = expected.Except(deduped).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {expected.Length} produced messages never arrived (received {received.Count}, stand-in routed {hub.Stats.RoutedToTelemetryQueue}): {string.Join(", ", missing.Take(5))}; produced {string.Join(", ", expected.Select(e => e[^12..]))}; received {string.Join(", ", received.Select(e => e[^12..]))}");
        Assert.True(expected.Length >= 15, $"only {expected.Length} messages were produced");
        Assert.Equal(expected, deduped);
        Assert.Contains(expected, id => id.Contains(":alert:pm25:raised:"));
        Assert.Contains(expected, id => id.Contains(":alert:pm25:cleared:"));
    }
}
