using System.Text;
using System.Text.Json;
using Yunbao.Contracts.Messaging;

namespace Yunbao.IotHubStandIn.Tests;

[Collection(StorageCollection.Name)]
public sealed class DeviceToCloudTests(StorageFixture storage)
{
    [Fact]
    public async Task Sensor_message_with_properties_arrives_in_the_telemetry_queue_as_a_DeviceTelemetry_event()
    {
        var options = storage.NewOptions(new DeviceSeed("env-01"));
        await using var hub = await IotHubStandIn.StartAsync(options);
        await using var device = await TestDevice.ConnectAsync(hub, "env-01");
        const string body = """{"districtId":"lize","ts":"2026-11-25T08:00:00Z","lon":116.31,"lat":39.86,"values":{"pm25":35.5}}""";

        await device.PublishAsync(device.EventsTopic("%24.ct=application%2Fjson&%24.ce=utf-8&%24.mid=msg-1&type=sensor&note=a%20b"), body);

        var raw = Assert.Single(await QueueReading.WaitForMessagesAsync(storage.Queue(options.TelemetryQueue), 1));
        var parsed = EventGridEvents.ParseDeviceTelemetry(raw);
        Assert.Equal(("env-01", "sensor", "msg-1"), (parsed.DeviceId, parsed.Type, parsed.MessageId));
        Assert.Equal(35.5, parsed.Body.GetProperty("values").GetProperty("pm25").GetDouble());
        Assert.Equal("lize", parsed.Body.GetProperty("districtId").GetString());
        var evt = JsonDocument.Parse(EventGridEvents.DecodeQueueMessage(raw)).RootElement;
        Assert.Equal("Microsoft.Devices.DeviceTelemetry", evt.GetProperty("eventType").GetString());
        Assert.Equal("devices/env-01", evt.GetProperty("subject").GetString());
        var data = evt.GetProperty("data");
        Assert.Equal("sensor", data.GetProperty("properties").GetProperty("type").GetString());
        Assert.Equal("a b", data.GetProperty("properties").GetProperty("note").GetString());
        Assert.Equal("env-01", data.GetProperty("systemProperties").GetProperty("iothub-connection-device-id").GetString());
        Assert.Equal("msg-1", data.GetProperty("systemProperties").GetProperty("message-id").GetString());
        Assert.Equal(JsonValueKind.Object, data.GetProperty("body").ValueKind);
        Assert.Equal(35.5, data.GetProperty("body").GetProperty("values").GetProperty("pm25").GetDouble());
        Assert.True(data.GetProperty("systemProperties").TryGetProperty("iothub-enqueuedtime", out _));
    }

    [Fact]
    public async Task Body_that_is_not_declared_JSON_UTF8_travels_as_Base64()
    {
        var options = storage.NewOptions(new DeviceSeed("env-01"));
        await using var hub = await IotHubStandIn.StartAsync(options);
        await using var device = await TestDevice.ConnectAsync(hub, "env-01");

        await device.PublishAsync(device.EventsTopic("%24.mid=m2&type=alert"), """{"metric":"pm25"}""");

        var evt = Assert.Single(await QueueReading.WaitForEventsAsync(storage.Queue(options.TelemetryQueue), 1));
        var body = evt.GetProperty("data").GetProperty("body");
        Assert.Equal(JsonValueKind.String, body.ValueKind);
        Assert.Equal("""{"metric":"pm25"}""", Encoding.UTF8.GetString(Convert.FromBase64String(body.GetString()!)));
    }

    [Fact]
    public async Task Module_message_carries_the_module_id_and_only_routed_types_reach_the_queue()
    {
        var options = storage.NewOptions(new DeviceSeed("car-01", ModuleIds: ["PatrolCamera"]));
        await using var hub = await IotHubStandIn.StartAsync(options);
        await using var module = await TestDevice.ConnectAsync(hub, "car-01", "PatrolCamera");

        await module.PublishAsync(module.EventsTopic("%24.mid=h1&type=health"), "{}");
        await module.PublishAsync(module.EventsTopic("%24.ct=application%2Fjson&%24.ce=utf-8&%24.mid=p1&%24.on=telemetry&type=position"), """{"kind":"vehicle"}""");

        var evt = Assert.Single(await QueueReading.WaitForEventsAsync(storage.Queue(options.TelemetryQueue), 2, TimeSpan.FromSeconds(3)));
        Assert.Equal("PatrolCamera", evt.GetProperty("data").GetProperty("systemProperties").GetProperty("iothub-connection-module-id").GetString());
        Assert.Equal("p1", evt.GetProperty("data").GetProperty("systemProperties").GetProperty("message-id").GetString());
        Assert.Equal(1, hub.Stats.MessagesByType["health"]);
        Assert.Equal(1, hub.Stats.MessagesByType["position"]);
    }

    [Fact]
    public async Task Message_over_256_KB_is_refused_and_closes_the_connection()
    {
        var options = storage.NewOptions(new DeviceSeed("env-01"));
        await using var hub = await IotHubStandIn.StartAsync(options);
        await using var device = await TestDevice.ConnectAsync(hub, "env-01");

        try { await device.PublishAsync(device.EventsTopic("type=sensor"), new string('x', 256 * 1024)); }
        catch (Exception) { /* dropped before PUBACK */ }

        await device.Disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, hub.Stats.OversizeMessages);
        Assert.Empty(await QueueReading.WaitForEventsAsync(storage.Queue(options.TelemetryQueue), 1, TimeSpan.FromMilliseconds(500)));
    }
}
