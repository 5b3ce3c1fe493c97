using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>Twin, direct methods and module inputs against a small IoT Hub responder on MQTTnet.Server.</summary>
public sealed class TwinAndMethodTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly InProcessBroker _broker = new();
    private readonly string _dir = TestPaths.NewTempDirectory("twin");
    private readonly List<string> _reportedPatches = [];
    private int _reportedStatus = 204;
    private readonly string _twinJson = """{"desired":{"telemetryIntervalSeconds":5,"$version":3},"reported":{"$version":1}}""";

    public async Task InitializeAsync()
    {
        _broker.OnPublish = e =>
        {
            var topic = e.ApplicationMessage.Topic;
            var query = IotHubTopics.QueryOf(topic);
            if (topic.StartsWith("$iothub/twin/GET/", StringComparison.Ordinal))
                _ = InjectAsync($"$iothub/twin/res/200/?$rid={query["$rid"]}", _twinJson);
            else if (topic.StartsWith("$iothub/twin/PATCH/properties/reported/", StringComparison.Ordinal))
            {
                lock (_reportedPatches) _reportedPatches.Add(Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray()));
                _ = InjectAsync($"$iothub/twin/res/{_reportedStatus}/?$rid={query["$rid"]}&$version=2", _reportedStatus == 204 ? "" : """{"message":"bad patch"}""");
            }

            return Task.CompletedTask;
        };
        await _broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private Task InjectAsync(string topic, string payload) =>
        Task.Run(() => _broker.Server.InjectApplicationMessage(
            new InjectedMqttApplicationMessage(new MqttApplicationMessage
            {
                Topic = topic,
                Payload = new System.Buffers.ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)),
                QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
            }) { SenderClientId = "iothub-stand-in" }));

    private IotHubClient NewClient(IotHubConnectionSettings settings) =>
        TestDevices.Client(settings, TestDevices.LocalOptions(_broker.Port, _dir), XunitLoggerProvider.Factory(output));

    private async Task<ReceivedPublish> WaitForPublishAsync(string prefix)
    {
        await _broker.WaitForAsync(r => r.Any(p => p.Topic.StartsWith(prefix, StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        return _broker.Received.First(p => p.Topic.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Direct_method_is_dispatched_by_name_and_answered_with_status_and_rid()
    {
        await using var client = NewClient(TestDevices.Device("car-m"));
        client.SetMethodHandler("setPatrolRoute", async (request, ct) =>
        {
            var route = JsonNode.Parse(request.PayloadAsString())!["route"]!.GetValue<string>();
            await Task.Yield();
            return MethodResponse.Ok(new { accepted = route });
        });
        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));

        await InjectAsync("$iothub/methods/POST/setPatrolRoute/?$rid=42", """{"route":"lize-loop-2"}""");
        var answer = await WaitForPublishAsync("$iothub/methods/res/");

        Assert.Equal("$iothub/methods/res/200/?$rid=42", answer.Topic);
        Assert.Equal("""{"accepted":"lize-loop-2"}""", Encoding.UTF8.GetString(answer.Payload));
    }

    [Fact]
    public async Task Unknown_method_answers_501_and_a_failing_handler_500()
    {
        await using var client = NewClient(TestDevices.Device("car-u"));
        client.SetMethodHandler("reboot", (_, _) => throw new InvalidOperationException("camera busy"));
        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));

        await InjectAsync("$iothub/methods/POST/selfDestruct/?$rid=7", "{}");
        var unknown = await WaitForPublishAsync("$iothub/methods/res/501/");
        Assert.Equal("$iothub/methods/res/501/?$rid=7", unknown.Topic);
        Assert.Contains("selfDestruct", Encoding.UTF8.GetString(unknown.Payload));

        await InjectAsync("$iothub/methods/POST/reboot/?$rid=8", "{}");
        var failed = await WaitForPublishAsync("$iothub/methods/res/500/");
        Assert.Equal("$iothub/methods/res/500/?$rid=8", failed.Topic);
        Assert.Contains("camera busy", Encoding.UTF8.GetString(failed.Payload));
    }

    [Fact]
    public async Task Desired_properties_arrive_in_full_on_connect_then_as_patches_once_each()
    {
        await using var client = NewClient(TestDevices.Module("edge-gw-01", "envSensor"));
        var updates = new List<DesiredPropertiesUpdate>();
        client.SetDesiredPropertiesHandler((u, _) => { lock (updates) updates.Add(u); return Task.CompletedTask; });
        await client.StartAsync();

        await WaitUntil(() => updates.Count >= 1);
        Assert.True(updates[0].IsFullDocument);
        Assert.Equal(3, updates[0].Version);
        Assert.Equal(5, updates[0].Properties["telemetryIntervalSeconds"]!.GetValue<int>());

        await InjectAsync("$iothub/twin/PATCH/properties/desired/?$version=4", """{"telemetryIntervalSeconds":10,"$version":4}""");
        await InjectAsync("$iothub/twin/PATCH/properties/desired/?$version=4", """{"telemetryIntervalSeconds":10,"$version":4}"""); // redelivered
        await InjectAsync("$iothub/twin/PATCH/properties/desired/?$version=2", """{"telemetryIntervalSeconds":1,"$version":2}"""); // stale
        // Patches reach the handler one at a time in arrival order: once version 5 is in, the redelivered 4 and the stale 2
        // have been processed too, and must have been skipped.
        await InjectAsync("$iothub/twin/PATCH/properties/desired/?$version=5", """{"telemetryIntervalSeconds":15,"$version":5}""");
        await WaitUntil(() => updates.Any(u => u.Version == 5));

        lock (updates) Assert.Equal([3, 4, 5], updates.Select(u => u.Version));
        Assert.False(updates[1].IsFullDocument);
        Assert.Equal(4, updates[1].Version);
        Assert.Equal(10, updates[1].Properties["telemetryIntervalSeconds"]!.GetValue<int>());
        Assert.False(updates[2].IsFullDocument);
    }

    [Fact]
    public async Task Reported_properties_patch_is_correlated_and_returns_the_new_version()
    {
        await using var client = NewClient(TestDevices.Device("car-r"));
        await client.StartAsync();

        var twin = await client.GetTwinAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, twin.DesiredVersion);

        var version = await client.UpdateReportedPropertiesAsync(new JsonObject { ["firmware"] = "1.4.2", ["camera"] = new JsonObject { ["ok"] = true } });
        Assert.Equal(2, version);
        lock (_reportedPatches) Assert.Equal("""{"firmware":"1.4.2","camera":{"ok":true}}""", Assert.Single(_reportedPatches));

        _reportedStatus = 400;
        var ex = await Assert.ThrowsAsync<IotHubException>(() => client.UpdateReportedPropertiesAsync(new JsonObject { ["x"] = 1 }));
        Assert.Equal(400, ex.Status);
    }

    [Fact]
    public async Task Module_input_messages_reach_the_handler_of_their_input()
    {
        await using var client = NewClient(TestDevices.Module("edge-gw-01", "detector"));
        var received = new List<ReceivedMessage>();
        client.SetInputMessageHandler("frames", (m, _) => { lock (received) received.Add(m); return Task.CompletedTask; });
        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));

        await InjectAsync("devices/edge-gw-01/modules/detector/inputs/frames/$.mid=f1&type=frame&camera=front%20left", """{"blob":"f1.jpg"}""");
        await InjectAsync("devices/edge-gw-01/modules/detector/inputs/other/$.mid=o1", "{}");
        // Inputs are routed in arrival order: once f2 is in, o1 has been routed too, and must have gone nowhere.
        await InjectAsync("devices/edge-gw-01/modules/detector/inputs/frames/$.mid=f2", "{}");
        await WaitUntil(() => received.Count >= 2);

        lock (received) Assert.Equal(["f1", "f2"], received.Select(m => m.Properties["$.mid"]));
        Assert.All(received, m => Assert.Equal("frames", m.InputName));
        var message = received[0];
        Assert.Equal("frames", message.InputName);
        Assert.Equal("front left", message.Properties["camera"]);
        Assert.Equal("f1", message.Properties["$.mid"]);
        Assert.Equal("""{"blob":"f1.jpg"}""", message.BodyAsString());
    }

    [Fact]
    public async Task Cloud_to_device_messages_reach_a_device_with_their_properties()
    {
        await using var client = NewClient(TestDevices.Device("car-c2d"));
        var received = new List<ReceivedMessage>();
        client.SetCloudToDeviceMessageHandler((m, _) => { lock (received) received.Add(m); return Task.CompletedTask; });
        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));

        await InjectAsync("devices/car-c2d/messages/devicebound/%24.mid=c1&%24.to=%2Fdevices%2Fcar-c2d%2Fmessages%2FdeviceBound&command=recalibrate", "{}");
        await WaitUntil(() => received.Count >= 1);

        var message = Assert.Single(received);
        Assert.Null(message.InputName);
        Assert.Equal("recalibrate", message.Properties["command"]);
        Assert.Equal("c1", message.Properties["$.mid"]);
    }

    [Fact]
    public async Task A_handler_registered_while_connected_subscribes_at_once()
    {
        await using var client = NewClient(TestDevices.Module("edge-gw-01", "late"));
        await client.StartAsync();
        await client.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _broker.Server.InterceptingSubscriptionAsync += e =>
        {
            if (e.TopicFilter.Topic == IotHubTopics.ModuleInputs("edge-gw-01", "late")) subscribed.TrySetResult();
            return Task.CompletedTask;
        };

        var received = new List<ReceivedMessage>();
        client.SetInputMessageHandler("frames", (m, _) => { lock (received) received.Add(m); return Task.CompletedTask; });
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await InjectAsync("devices/edge-gw-01/modules/late/inputs/frames/$.mid=l1", "{}");
        await WaitUntil(() => received.Count >= 1);

        lock (received) Assert.Equal("l1", Assert.Single(received).Properties["$.mid"]);
    }

    [Fact]
    public async Task Device_subscribes_to_at_most_five_topics()
    {
        var filters = new List<string>();
        _broker.Server.InterceptingSubscriptionAsync += e => { lock (filters) filters.Add(e.TopicFilter.Topic); return Task.CompletedTask; };
        await using var client = NewClient(TestDevices.Device("car-s"));
        client.SetCloudToDeviceMessageHandler((_, _) => Task.CompletedTask);
        await client.StartAsync();
        // The client reports connected only after its SUBACK, so every subscription of this connection is in.
        await client.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));

        lock (filters)
        {
            Assert.InRange(filters.Distinct().Count(), 1, 5);
            Assert.Contains("$iothub/twin/res/#", filters);
            Assert.Contains("$iothub/methods/POST/#", filters);
            Assert.Contains("devices/car-s/messages/devicebound/#", filters);
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in 10 s");
            await Task.Delay(20);
        }
    }
}
