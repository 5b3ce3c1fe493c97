using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;
using Yunbao.Edge.IotHub;

namespace Yunbao.IotHubStandIn.Tests;

/// <summary>A bare MQTT client speaking IoT Hub's documented device protocol, so the tests exercise the wire protocol and not a library.</summary>
public sealed class TestDevice : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(string Topic, byte[] Payload)>> _responses = new();
    private int _rid;

    private TestDevice(IMqttClient client, string deviceId, string? moduleId) => (Client, DeviceId, ModuleId) = (client, deviceId, moduleId);

    public IMqttClient Client { get; }
    public string DeviceId { get; }
    public string? ModuleId { get; }
    public ConcurrentQueue<(string Topic, string Payload)> Received { get; } = new();
    public TaskCompletionSource Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Func<string, string, string, Task>? OnMethod { get; set; }

    public static async Task<(TestDevice? Device, MqttClientConnectResultCode Result)> TryConnectAsync(IotHubStandIn hub, string deviceId, string? moduleId, string password, string? userName = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var clientId = moduleId is null ? deviceId : $"{deviceId}/{moduleId}";
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", hub.MqttPort)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCredentials(userName ?? $"{hub.HostName}/{clientId}/?api-version=2021-04-12", password)
            .WithCleanSession(false)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        var device = new TestDevice(client, deviceId, moduleId);
        client.ApplicationMessageReceivedAsync += device.OnMessage;
        client.DisconnectedAsync += _ => { device.Disconnected.TrySetResult(); return Task.CompletedTask; };
        try
        {
            var result = await client.ConnectAsync(options);
            return (result.ResultCode == MqttClientConnectResultCode.Success ? device : null, result.ResultCode);
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException ex)
        {
            client.Dispose();
            // MQTTnet 5 reports a refused CONNACK as an exception whose message names the reason code.
            return (null, ex.Message.Contains("BadUserNameOrPassword", StringComparison.Ordinal) ? MqttClientConnectResultCode.BadUserNameOrPassword : MqttClientConnectResultCode.UnspecifiedError);
        }
    }

    public static async Task<TestDevice> ConnectAsync(IotHubStandIn hub, string deviceId, string? moduleId = null)
    {
        var token = hub.Registry.CreateSasToken(deviceId, moduleId, DateTimeOffset.UtcNow.AddHours(1));
        var (device, result) = await TryConnectAsync(hub, deviceId, moduleId, token);
        Assert.Equal(MqttClientConnectResultCode.Success, result);
        await device!.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("$iothub/twin/res/#", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("$iothub/twin/PATCH/properties/desired/#", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter("$iothub/methods/POST/#", MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        return device;
    }

    public string EventsTopic(string bag) => ModuleId is null
        ? $"devices/{DeviceId}/messages/events/{bag}"
        : $"devices/{DeviceId}/modules/{ModuleId}/messages/events/{bag}";

    public Task PublishAsync(string topic, string payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce) =>
        Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).Build());

    /// <summary>Publishes a twin request and awaits the $iothub/twin/res answer with the same $rid.</summary>
    public async Task<(string Topic, string Payload)> TwinRequestAsync(string topicWithoutRid, string payload)
    {
        var rid = Interlocked.Increment(ref _rid).ToString();
        var answer = new TaskCompletionSource<(string, byte[])>(TaskCreationOptions.RunContinuationsAsynchronously);
        _responses[rid] = answer;
        await PublishAsync($"{topicWithoutRid}?$rid={rid}", payload);
        var (topic, body) = await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return (topic, Encoding.UTF8.GetString(body));
    }

    public Task<(string Topic, string Payload)> GetTwinAsync() => TwinRequestAsync("$iothub/twin/GET/", "");

    public Task<(string Topic, string Payload)> ReportAsync(JsonObject patch) => TwinRequestAsync("$iothub/twin/PATCH/properties/reported/", patch.ToJsonString());

    private async Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        var payload = e.ApplicationMessage.Payload.ToArray();
        Received.Enqueue((topic, Encoding.UTF8.GetString(payload)));
        if (topic.StartsWith("$iothub/twin/res/", StringComparison.Ordinal))
        {
            var rid = PropertyBag.Parse(topic[(topic.IndexOf('?') + 1)..]).GetValueOrDefault("$rid");
            if (rid is not null && _responses.TryRemove(rid, out var waiter)) waiter.TrySetResult((topic, payload));
        }
        else if (topic.StartsWith("$iothub/methods/POST/", StringComparison.Ordinal) && OnMethod is { } handler)
        {
            var rest = topic["$iothub/methods/POST/".Length..];
            var name = rest[..rest.IndexOf('/')];
            var rid = PropertyBag.Parse(topic[(topic.IndexOf('?') + 1)..])["$rid"];
            await handler(name, rid, Encoding.UTF8.GetString(payload));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            try { await Client.DisconnectAsync(); } catch (Exception) { /* already gone */ }
        }
        Client.Dispose();
    }
}
