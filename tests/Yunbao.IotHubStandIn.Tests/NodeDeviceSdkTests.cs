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

    [Fact]
    public async Task A_cloud_to_device_message_sent_through_the_service_REST_API_reaches_the_SDK_with_its_properties()
    {
        await using var hub = await IotHubStandIn.StartAsync(TlsOptions(new DeviceSeed("car-01")));
        await using var device = NodeDevice.Start(hub, "c2d", ConnectionString(hub, "car-01", "mqtt"), "mqtt");
        await device.WaitForAsync("ready");
        using var service = ServiceClient(hub);

        using var request = new HttpRequestMessage(HttpMethod.Post, "devices/car-01/messages/deviceBound?api-version=2021-04-12")
        {
            Content = new StringContent("""{"command":"return-to-depot"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("iothub-messageid", "c2d-1");
        request.Headers.Add("iothub-app-priority", "high");
        using var sent = await service.SendAsync(request);
        var received = await device.WaitForAsync("c2d");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, sent.StatusCode);
        Assert.Equal("""{"command":"return-to-depot"}""", received.GetProperty("body").GetString());
        Assert.Equal("c2d-1", received.GetProperty("messageId").GetString());
        Assert.Equal("high", received.GetProperty("properties").GetProperty("priority").GetString());
    }

    [Fact]
    public async Task The_service_REST_API_invokes_a_method_and_refuses_a_token_without_the_service_policy()
    {
        await using var hub = await IotHubStandIn.StartAsync(TlsOptions(new DeviceSeed("cam-01")));
        await using var device = NodeDevice.Start(hub, "method", ConnectionString(hub, "cam-01", "mqtt"), "mqtt");
        await device.WaitForAsync("ready");
        await WaitUntilAsync(() => hub.AcceptsMethodsAsync("cam-01"));
        using var service = ServiceClient(hub);
        using var deviceToken = ServiceClient(hub, hub.Registry.CreateSasToken("cam-01", null, DateTimeOffset.UtcNow.AddMinutes(5)));
        const string call = """{"methodName":"reboot","payload":{"delay":2},"responseTimeoutInSeconds":10}""";

        using var answered = await service.PostAsync("twins/cam-01/methods?api-version=2021-04-12", new StringContent(call, System.Text.Encoding.UTF8, "application/json"));
        using var refused = await deviceToken.PostAsync("twins/cam-01/methods?api-version=2021-04-12", new StringContent(call, System.Text.Encoding.UTF8, "application/json"));
        using var offline = await service.PostAsync("twins/cam-01/modules/PatrolCamera/methods?api-version=2021-04-12", new StringContent(call, System.Text.Encoding.UTF8, "application/json"));
        await device.SendAsync("done");

        Assert.Equal(System.Net.HttpStatusCode.OK, answered.StatusCode);
        var body = JsonDocument.Parse(await answered.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(200, body.GetProperty("status").GetInt32());
        Assert.Equal(2, body.GetProperty("payload").GetProperty("delay").GetInt32());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, offline.StatusCode);   // no such module identity
    }

    [Fact]
    public async Task UploadToBlob_puts_the_frame_in_storage_over_HTTPS_and_queues_its_BlobCreated_event()
    {
        var options = TlsOptions(new DeviceSeed("cam-01"));
        await using var hub = await IotHubStandIn.StartAsync(options);
        var frame = new byte[20_000];
        new Random(7).NextBytes(frame);
        await using var device = NodeDevice.Start(hub, "upload", ConnectionString(hub, "cam-01", "mqtt"), "mqtt",
            new Dictionary<string, string> { ["UPLOAD_CONTENT"] = Convert.ToBase64String(frame) });

        await device.WaitForAsync("uploaded");

        var evt = Assert.Single(await QueueReading.WaitForEventsAsync(storage.Queue(options.FrameEventsQueue), 1));
        Assert.Equal("Microsoft.Storage.BlobCreated", evt.GetProperty("eventType").GetString());
        Assert.EndsWith($"/containers/{options.FramesContainer}/blobs/cam-01/frame-0001.jpg", evt.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal(frame.Length, evt.GetProperty("data").GetProperty("contentLength").GetInt64());
        var stored = await new Azure.Storage.Blobs.BlobContainerClient(storage.StorageConnectionString, options.FramesContainer)
            .GetBlobClient("cam-01/frame-0001.jpg").DownloadContentAsync();
        Assert.Equal(frame, stored.Value.Content.ToArray());
        Assert.Equal(0, hub.ActiveUploads("cam-01"));
        Assert.Equal(1, hub.Stats.UploadsCompleted);
    }

    [Fact]
    public async Task Token_renewal_reconnects_without_losing_a_message()
    {
        var options = TlsOptions(new DeviceSeed("env-01"));
        await using var hub = await IotHubStandIn.StartAsync(options);
        const int count = 24;   // 12 s of sending with 8 s tokens renewed every 4 s
        await using var device = NodeDevice.Start(hub, "renew", ConnectionString(hub, "env-01", "mqtt"), "mqtt",
            new Dictionary<string, string> { ["RENEW_MESSAGES"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        await device.WaitForAsync("sent", TimeSpan.FromSeconds(60));

        var ids = (await QueueReading.WaitForMessagesAsync(storage.Queue(options.TelemetryQueue), count))
            .Select(m => EventGridEvents.ParseDeviceTelemetry(m).MessageId ?? "").ToHashSet();
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"renew-{i}").ToHashSet(), ids);
        Assert.True(hub.Stats.Connections >= 3, $"expected reconnects with fresh tokens, saw {hub.Stats.Connections} connections");
    }

    [Fact]
    public async Task The_new_device_script_registers_an_identity_at_run_time_whose_connection_string_the_SDK_uses_unchanged()
    {
        var options = TlsOptions();
        options.CertificateDirectory = Path.Combine(Path.GetTempPath(), "yunbao-tests-iothub-ca-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var hub = await IotHubStandIn.StartAsync(options);
            var script = Path.Combine(Yunbao.LocalStack.LocalStandIns.FindRepoRoot(), "tools", "Yunbao.IotHubStandIn", "new-device.js");
            var psi = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { script, "gateway-07", options.CertificateDirectory }) psi.ArgumentList.Add(arg);
            using var process = System.Diagnostics.Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());
            var connectionString = output.Split('\n').Single(l => l.StartsWith("export DEVICE_CONNECTION_STRING=", StringComparison.Ordinal))
                ["export DEVICE_CONNECTION_STRING=".Length..].Trim('\'');
            Assert.Contains($"export NODE_EXTRA_CA_CERTS='{hub.CaCertificatePath}'", output, StringComparison.Ordinal);
            Assert.True(hub.Registry.TryGet("gateway-07", null, out _));

            await using var device = NodeDevice.Start(hub, "telemetry", connectionString, "mqtt");
            await device.WaitForAsync("sent");

            var raw = Assert.Single(await QueueReading.WaitForMessagesAsync(storage.Queue(options.TelemetryQueue), 1));
            Assert.Equal("gateway-07", EventGridEvents.ParseDeviceTelemetry(raw).DeviceId);
        }
        finally { Directory.Delete(options.CertificateDirectory, recursive: true); }
    }

    private static HttpClient ServiceClient(IotHubStandIn hub, string? token = null)
    {
        var ca = hub.CertificateAuthority!.CaCertificate;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            // Trust exactly the stand-in's CA (as a service client given NODE_EXTRA_CA_CERTS would), nothing else.
            if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
            using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
            chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            return chain.Build(new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate));
        };
        var client = new HttpClient(handler) { BaseAddress = hub.HttpsBaseAddress };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token ?? hub.CreateServiceToken(DateTimeOffset.UtcNow.AddMinutes(5)));
        return client;
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
