using System.Text.Json.Nodes;

namespace Yunbao.IotHubStandIn.Tests;

[Collection(StorageCollection.Name)]
public sealed class TwinAndMethodTests(StorageFixture storage)
{
    [Fact]
    public async Task Reported_patch_is_answered_204_with_a_version_and_read_back_by_twin_GET()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01")));
        await using var device = await TestDevice.ConnectAsync(hub, "cam-01");

        var (patchTopic, _) = await device.ReportAsync(new JsonObject { ["captureIntervalSeconds"] = 5, ["firmware"] = "1.2" });
        var (getTopic, twinJson) = await device.GetTwinAsync();

        Assert.StartsWith("$iothub/twin/res/204/", patchTopic);
        Assert.Contains("$version=2", patchTopic);
        Assert.StartsWith("$iothub/twin/res/200/", getTopic);
        var twin = JsonNode.Parse(twinJson)!;
        Assert.Equal(5, twin["reported"]!["captureIntervalSeconds"]!.GetValue<int>());
        Assert.Equal(2, twin["reported"]!["$version"]!.GetValue<long>());
        Assert.NotNull(twin["desired"]!["$version"]);
    }

    [Fact]
    public async Task Reported_patches_merge_and_a_null_removes_a_property()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01")));
        await using var device = await TestDevice.ConnectAsync(hub, "cam-01");

        await device.ReportAsync(new JsonObject { ["a"] = 1, ["b"] = new JsonObject { ["c"] = 1, ["d"] = 2 } });
        await device.ReportAsync(new JsonObject { ["a"] = null, ["b"] = new JsonObject { ["c"] = 5 } });

        var reported = JsonNode.Parse((await device.GetTwinAsync()).Payload)!["reported"]!;
        Assert.Null(reported["a"]);
        Assert.Equal(5, reported["b"]!["c"]!.GetValue<int>());
        Assert.Equal(2, reported["b"]!["d"]!.GetValue<int>());
        Assert.Equal(3, reported["$version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Desired_patch_from_the_service_reaches_the_connected_module_with_its_version()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("car-01", ModuleIds: ["PatrolCamera"])));
        await using var module = await TestDevice.ConnectAsync(hub, "car-01", "PatrolCamera");

        var version = await hub.UpdateDesiredAsync("car-01", "PatrolCamera", new JsonObject { ["captureIntervalSeconds"] = 3 });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        (string Topic, string Payload) patch = default;
        while (DateTime.UtcNow < deadline && !module.Received.Any(m => m.Topic.StartsWith("$iothub/twin/PATCH/properties/desired/")))
            await Task.Delay(50);
        patch = module.Received.Single(m => m.Topic.StartsWith("$iothub/twin/PATCH/properties/desired/"));
        Assert.Equal($"$iothub/twin/PATCH/properties/desired/?$version={version}", patch.Topic);
        Assert.Equal(3, JsonNode.Parse(patch.Payload)!["captureIntervalSeconds"]!.GetValue<int>());
        var (_, twinJson) = await module.GetTwinAsync();
        Assert.Equal(3, JsonNode.Parse(twinJson)!["desired"]!["captureIntervalSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task Twin_answers_and_desired_patches_go_only_to_their_own_client()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01"), new DeviceSeed("cam-02")));
        await using var one = await TestDevice.ConnectAsync(hub, "cam-01");
        await using var two = await TestDevice.ConnectAsync(hub, "cam-02");

        await one.GetTwinAsync();
        await hub.UpdateDesiredAsync("cam-01", null, new JsonObject { ["x"] = 1 });
        await Task.Delay(300);

        Assert.Empty(two.Received);
        Assert.Equal(2, one.Received.Count);
    }

    [Fact]
    public async Task Direct_method_round_trip_returns_the_devices_status_and_payload()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01")));
        await using var device = await TestDevice.ConnectAsync(hub, "cam-01");
        device.OnMethod = (name, rid, payload) =>
            device.PublishAsync($"$iothub/methods/res/200/?$rid={rid}", new JsonObject { ["method"] = name, ["echo"] = JsonNode.Parse(payload) }.ToJsonString());

        var result = await hub.InvokeMethodAsync("cam-01", null, "ping", """{"n":7}""", TimeSpan.FromSeconds(10));

        Assert.Equal(200, result.Status);
        var payload = JsonNode.Parse(result.PayloadJson!)!;
        Assert.Equal("ping", payload["method"]!.GetValue<string>());
        Assert.Equal(7, payload["echo"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task Direct_method_without_an_answer_times_out_with_504()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01")));
        await using var device = await TestDevice.ConnectAsync(hub, "cam-01");

        var result = await hub.InvokeMethodAsync("cam-01", null, "captureNow", "{}", TimeSpan.FromMilliseconds(300));

        Assert.Equal(504, result.Status);
        Assert.Contains(device.Received, m => m.Topic.StartsWith("$iothub/methods/POST/captureNow/?$rid="));
    }

    [Fact]
    public async Task Direct_method_on_an_offline_device_answers_404()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01")));

        var result = await hub.InvokeMethodAsync("cam-01", null, "ping", "{}", TimeSpan.FromSeconds(5));

        Assert.Equal(404, result.Status);
    }
}
