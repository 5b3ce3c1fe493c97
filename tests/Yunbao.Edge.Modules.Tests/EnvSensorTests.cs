using Microsoft.Extensions.Time.Testing;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Telemetry;
using Yunbao.DevHost.Modules;
using Yunbao.Edge.EnvSensor;
using Yunbao.Edge.Modules.Sources;
using StandIn = Yunbao.IotHubStandIn.IotHubStandIn;

namespace Yunbao.Edge.Modules.Tests;

[Collection(StorageCollection.Name)]
public sealed class EnvSensorTests(StorageFixture storage)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    private static EnvSensorSettings Settings() => new()
    {
        ReadingIntervalSeconds = Interval.TotalSeconds,
        Thresholds = [new AlarmThreshold(SensorMetrics.Pm25, 75, 60)],
    };

    /// <summary>Fleet options whose modules run on <paramref name="clock"/> (their IoT Hub clients stay on the system clock).</summary>
    private ModuleFleetOptions OnClock(FakeTimeProvider clock)
    {
        var options = storage.FleetOptions();
        options.ModuleClock = clock;
        return options;
    }

    [Fact]
    public async Task Alerts_are_raised_at_the_threshold_and_cleared_only_below_the_clear_level()
    {
        var options = storage.NewOptions();
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("env");
        //                           raise        (hysteresis)  clear  (no)  raise
        double[] script = [50, 80, 90, 70, 65, 61, 59, 62, 74, 80, 80];
        var sensor = new ScriptedSensor(script);
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var fleet = await ModuleFleet.StartAsync(hub, [new EnvSensorSpec(deviceId, sensor, Settings())], OnClock(clock));
        var module = (EnvSensorModule)fleet.Modules.Single();
        var readings = 0;
        module.MessageQueued += m => { if (m.Type == TelemetryTypes.Sensor) Interlocked.Increment(ref readings); };
        await Eventually.TrueAsync(() => sensor.Reads == 1, because: "the first reading at start");

        clock.Advance(Interval - TimeSpan.FromSeconds(1));
        await PingAsync(hub, deviceId);                                    // a round trip through the module before looking
        Assert.Equal(1, sensor.Reads);                                     // not before the interval
        // The fleet starts the module before the handler above is attached: the first reading may have been queued unseen.
        var missedFirst = 1 - Volatile.Read(ref readings);
        for (var n = 2; n <= script.Length; n++)
        {
            clock.Advance(n == 2 ? TimeSpan.FromSeconds(1) : Interval);
            await Eventually.TrueAsync(() => sensor.Reads == n && Volatile.Read(ref readings) + missedFirst == n, because: $"reading {n} one interval after the last");
        }

        var telemetry = new QueueCollector(storage.Queue(options.TelemetryQueue));
        await Eventually.TrueAsync(async () =>
        {
            await telemetry.PollAsync();
            return telemetry.Messages.Select(EventGridEvents.ParseDeviceTelemetry).Count(m => m.Type == TelemetryTypes.Sensor) == script.Length;
        }, because: "every scripted reading");

        var messages = telemetry.Messages.Select(EventGridEvents.ParseDeviceTelemetry).ToList();
        var alerts = messages.Where(m => m.Type == TelemetryTypes.Alert)
            .Select(m => (State: m.Body.GetProperty("state").GetString(), Value: m.Body.GetProperty("value").GetDouble(), Threshold: m.Body.GetProperty("threshold").GetDouble()))
            .ToList();
        Assert.Equal([("raised", 80.0, 75.0), ("cleared", 59.0, 60.0), ("raised", 80.0, 75.0)], alerts);
        var first = messages.First(m => m.Type == TelemetryTypes.Alert);
        Assert.Equal(("pm25", "lize", deviceId, "EnvSensor"), (first.Body.GetProperty("metric").GetString(), first.Body.GetProperty("districtId").GetString(), first.DeviceId, first.ModuleId));
        var sensorMessages = messages.Where(m => m.Type == TelemetryTypes.Sensor).ToList();
        Assert.Equal(script, sensorMessages.Select(m => m.Body.GetProperty("values").GetProperty("pm25").GetDouble()));
        Assert.Equal(Interval, sensorMessages[2].Body.GetProperty("ts").GetDateTimeOffset() - sensorMessages[1].Body.GetProperty("ts").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_station_without_a_connected_sensor_sends_empty_readings_flagged_not_connected()
    {
        var options = storage.NewOptions();
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("env");
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var sensor = new UnconnectedSensorSource(new GeoPoint(116.308, 39.862));
        await using var fleet = await ModuleFleet.StartAsync(hub, [new EnvSensorSpec(deviceId, sensor, Settings())], OnClock(clock));

        var telemetry = new QueueCollector(storage.Queue(options.TelemetryQueue));
        await Eventually.TrueAsync(async () => await telemetry.PollAsync() >= 1, because: "the first (empty) reading");

        var reading = EventGridEvents.ParseDeviceTelemetry(telemetry.Messages[0]);
        Assert.Equal(TelemetryTypes.Sensor, reading.Type);
        Assert.Equal(EnvSensorModule.NotConnected, reading.Properties[EnvSensorModule.SensorStatusProperty]);
        Assert.Empty(reading.Body.GetProperty("values").EnumerateObject());
        Assert.False(sensor.IsConnected);
    }

    /// <summary>
    /// The issue's outage scenario at the module level. QoS 1 is at-least-once, so the receiver dedupes by message id
    /// (EnvSensor's ids are "{device}:{kind}:{time}"): after dedupe every message the module produced arrives exactly once,
    /// in the order produced, through a broker outage and a module restart in the middle of it. Readings happen when the
    /// test moves the modules' clock, so the test knows how many there are at each step.
    /// </summary>
    [Fact]
    public async Task Through_a_broker_outage_and_a_module_restart_every_message_arrives_once_in_order()
    {
        var options = storage.NewOptions();
        await using var hub = await StandIn.StartAsync(options);
        var deviceId = StorageFixture.NewDeviceId("env");
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var fleetOptions = OnClock(clock);
        var sensor = new ScriptedSensor(50, 80, 80, 80, 80, 80, 55);   // one raise, one clear, mostly plain readings
        var produced = new List<string>();
        var spec = new EnvSensorSpec(deviceId, sensor, Settings());

        async Task<(EnvSensorModule Module, Task Run, CancellationTokenSource Stop)> StartModuleAsync()
        {
            var module = (EnvSensorModule)await ModuleFleet.CreateModuleAsync(hub, spec, fleetOptions);
            module.MessageQueued += m => { lock (produced) produced.Add(m.MessageId); };
            var stop = new CancellationTokenSource();
            return (module, Task.Run(() => module.RunAsync(stop.Token)), stop);
        }

        async Task ReadingsAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var before = sensor.Reads;
                clock.Advance(Interval);
                await Eventually.TrueAsync(() => sensor.Reads == before + 1, because: "one reading per interval");
            }
        }

        var first = await StartModuleAsync();
        await Eventually.TrueAsync(() => sensor.Reads == 1, because: "the first reading at start");
        await ReadingsAsync(4);
        await Eventually.TrueAsync(() => hub.Stats.RoutedToTelemetryQueue >= 5, because: "some messages before the outage");

        await hub.StopBrokerAsync();
        await ReadingsAsync(4);                                 // the module keeps producing into its outbox
        first.Stop.Cancel();
        await first.Run;
        Assert.True(first.Module.Client.PendingMessages > 0, "messages wait in the outbox during the outage");
        await first.Module.DisposeAsync();                     // the module restarts in the middle of the outage
        clock.Advance(Interval);                               // the restarted module's first reading comes one interval later
        var second = await StartModuleAsync();
        await Eventually.TrueAsync(() => sensor.Reads == 10, because: "the restarted module reads at start");
        await ReadingsAsync(2);
        await hub.StartBrokerAsync();
        await ReadingsAsync(4);
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
        await Eventually.TrueAsync(async () =>
        {
            await telemetry.PollAsync();
            return telemetry.Messages.Select(m => EventGridEvents.ParseDeviceTelemetry(m).MessageId).Distinct().Count() >= expected.Length;
        }, TimeSpan.FromSeconds(15), "every produced message routed");
        var received = telemetry.Messages.Select(m => EventGridEvents.ParseDeviceTelemetry(m).MessageId!).ToList();
        var deduped = received.Distinct().ToList();

        var missing = expected.Except(deduped).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {expected.Length} produced messages never arrived (received {received.Count}, stand-in routed {hub.Stats.RoutedToTelemetryQueue}): {string.Join(", ", missing.Take(5))}");
        Assert.Equal(16, sensor.Reads);
        Assert.Equal(16 + 2, expected.Length);                 // 16 readings, one raise, one clear
        Assert.Equal(expected, deduped);
        Assert.Contains(expected, id => id.Contains(":alert:pm25:raised:"));
        Assert.Contains(expected, id => id.Contains(":alert:pm25:cleared:"));
    }

    /// <summary>A direct method round trip through the module; 404 while the module is still connecting (it reads before it is online).</summary>
    private static Task PingAsync(StandIn hub, string deviceId) =>
        Eventually.TrueAsync(async () => (await hub.InvokeMethodAsync(deviceId, "EnvSensor", "ping", null, TimeSpan.FromSeconds(10))).Status == 200,
            because: "the module answers a ping once connected");
}
