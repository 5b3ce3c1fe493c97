using System.Text.Json;
using System.Text.Json.Nodes;
using Yunbao.Contracts.Messaging;

namespace Yunbao.IotHubStandIn.Tests;

/// <summary>
/// Microsoft's Node.js device SDK (azure-iot-device 1.18 + azure-iot-device-mqtt 1.16, pinned in tests/node-clients/iot-device)
/// against the stand-in, as a real device would use it: only GatewayHostName and the stand-in's CA are set.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class NodeDeviceSdkTests(StorageFixture storage)
{
    /// <summary>One CA for the test run, outside the repo (as the runner keeps its own under its work folder).</summary>
    public static readonly string CertificateDirectory = Path.Combine(Path.GetTempPath(), "yunbao-tests-iothub-ca");

    private IotHubStandInOptions TlsOptions(params DeviceSeed[] devices)
    {
        var options = storage.NewOptions(devices);
        options.CertificateDirectory = CertificateDirectory;
        return options;
    }

    /// <summary>MQTT/TLS: GatewayHostName carries the stand-in's TLS port. WebSockets always use 443 (port443.js maps it in tests).</summary>
    private static string ConnectionString(IotHubStandIn hub, string deviceId, string transport) =>
        hub.Registry.GetConnectionString(deviceId) + (transport == "ws" ? ";GatewayHostName=localhost" : $";GatewayHostName=127.0.0.1:{hub.MqttTlsPort}");

    [Theory]
    [InlineData("mqtt")]
    [InlineData("ws")]
    public async Task Telemetry_with_properties_from_the_SDK_arrives_in_the_telemetry_queue_as_the_platform_parses_it(string transport)
    {
        var options = TlsOptions(new DeviceSeed("env-01"));
        await using var hub = await IotHubStandIn.StartAsync(options);
        await using var device = NodeDevice.Start(hub, "telemetry", ConnectionString(hub, "env-01", transport), transport);

        await device.WaitForAsync("sent");

        var raw = Assert.Single(await QueueReading.WaitForMessagesAsync(storage.Queue(options.TelemetryQueue), 1));
        var parsed = EventGridEvents.ParseDeviceTelemetry(raw);
        Assert.Equal(("env-01", "sensor", "node-msg-1"), (parsed.DeviceId, parsed.Type, parsed.MessageId));
        Assert.Equal(35.5, parsed.Body.GetProperty("values").GetProperty("pm25").GetDouble());
        var data = JsonDocument.Parse(EventGridEvents.DecodeQueueMessage(raw)).RootElement.GetProperty("data");
        Assert.Equal("a b", data.GetProperty("properties").GetProperty("note").GetString());
        Assert.Equal(JsonValueKind.Object, data.GetProperty("body").ValueKind);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_over_TLS()
    {
        await using var hub = await IotHubStandIn.StartAsync(TlsOptions(new DeviceSeed("env-01")));
        var wrongKey = Convert.ToBase64String(new byte[32]);
        var connectionString = $"HostName={hub.HostName};DeviceId=env-01;SharedAccessKey={wrongKey};GatewayHostName=127.0.0.1:{hub.MqttTlsPort}";
        await using var device = NodeDevice.Start(hub, "telemetry", connectionString, "mqtt");

        var failure = await device.WaitForAsync("open-failed");

        Assert.Contains("Unauthorized", failure.GetProperty("name").GetString() + failure.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(hub.Stats.RefusedConnections >= 1);
        Assert.Equal(0, hub.Stats.DeviceToCloudMessages);
    }

    [Fact]
    public async Task Twin_get_reported_patch_and_desired_patch_carry_IoT_Hub_versions()
    {
        await using var hub = await IotHubStandIn.StartAsync(TlsOptions(new DeviceSeed("cam-01")));
        await using var device = NodeDevice.Start(hub, "twin", ConnectionString(hub, "cam-01", "mqtt"), "mqtt");

        var first = await device.WaitForAsync("twin");
        var reported = await device.WaitForAsync("reported");
        await device.WaitForAsync("ready");
        var version = await hub.UpdateDesiredAsync("cam-01", null, new JsonObject { ["interval"] = 30 });
        var desired = await device.WaitForAsync("desired");

        Assert.Equal(first.GetProperty("reportedVersion").GetInt64() + 1, reported.GetProperty("reportedVersion").GetInt64());
        Assert.Equal("1.2.3", reported.GetProperty("firmware").GetString());
        Assert.Equal(first.GetProperty("desiredVersion").GetInt64() + 1, version);
        Assert.Equal((30, version), (desired.GetProperty("interval").GetInt32(), desired.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task A_direct_method_is_answered_and_one_without_a_handler_times_out_as_IoT_Hub_does()
    {
        await using var hub = await IotHubStandIn.StartAsync(TlsOptions(new DeviceSeed("cam-01")));
        await using var device = NodeDevice.Start(hub, "method", ConnectionString(hub, "cam-01", "ws"), "ws");
        await device.WaitForAsync("ready");
        await WaitUntilAsync(() => hub.AcceptsMethodsAsync("cam-01"));

        var answered = await hub.InvokeMethodAsync("cam-01", null, "reboot", """{"delay":5}""", TimeSpan.FromSeconds(15));
        var unhandled = await hub.InvokeMethodAsync("cam-01", null, "selfDestruct", "{}", TimeSpan.FromSeconds(2));
        await device.SendAsync("done");

        Assert.Equal(200, answered.Status);
        var payload = JsonDocument.Parse(answered.PayloadJson!).RootElement;
        Assert.True(payload.GetProperty("rebooted").GetBoolean());
        Assert.Equal(5, payload.GetProperty("delay").GetInt32());
        Assert.Equal(504, unhandled.Status);
        Assert.Contains("504101", unhandled.PayloadJson, StringComparison.Ordinal);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met");
            await Task.Delay(50);
        }
    }
}
