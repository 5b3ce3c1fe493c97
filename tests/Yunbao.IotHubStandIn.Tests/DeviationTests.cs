using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using Azure.Storage.Blobs;
using Yunbao.Contracts.Messaging;

namespace Yunbao.IotHubStandIn.Tests;

/// <summary>
/// One test per deviation from IoT Hub that tools/Yunbao.IotHubStandIn/README.md lists ("Where it differs"): each shows
/// what the stand-in answers where Azure would answer otherwise, so the list cannot drift from the code unnoticed.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class DeviationTests(StorageFixture storage)
{
    private static HttpClient DeviceHttp(IotHubStandIn hub, string deviceId)
    {
        var http = new HttpClient { BaseAddress = hub.HttpBaseAddress };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", hub.Registry.CreateSasToken(deviceId, null, DateTimeOffset.UtcNow.AddHours(1)));
        return http;
    }

    [Fact]
    public async Task Deviation_TLS_on_free_loopback_ports_with_plain_MQTT_and_HTTP_beside_it()
    {
        var options = storage.NewOptions(new DeviceSeed("car-01"));
        options.CertificateDirectory = NodeDeviceSdkTests.CertificateDirectory;
        await using var hub = await IotHubStandIn.StartAsync(options);

        // IoT Hub: TLS only, on 8883 and 443. The stand-in: TLS on free ports (chained to its local CA), and plain ports for the platform's tests.
        var plain = await Record.ExceptionAsync(() => HandshakeAsync(hub.MqttPort, hub));
        await HandshakeAsync(hub.MqttTlsPort!.Value, hub);

        Assert.NotNull(plain);
        Assert.NotEqual(8883, hub.MqttTlsPort);
        Assert.Equal((Uri.UriSchemeHttp, Uri.UriSchemeHttps, true), (hub.HttpBaseAddress.Scheme, hub.HttpsBaseAddress!.Scheme, hub.HttpsBaseAddress.IsLoopback));
    }

    private static async Task HandshakeAsync(int port, IotHubStandIn hub)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(hub.CertificateAuthority!.CaCertificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        });
        await tls.AuthenticateAsClientAsync(hub.HostName).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Deviation_BlobCreated_is_queued_on_the_success_notification_not_on_the_blob_write()
    {
        var options = storage.NewOptions(new DeviceSeed("car-01"));
        options.FramesContainer = EventGridEvents.FramesContainer;   // the parser accepts only `frames`
        await using var hub = await IotHubStandIn.StartAsync(options);
        using var http = DeviceHttp(hub, "car-01");
        var sas = (await (await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = "n.jpg" })).Content.ReadFromJsonAsync<FileUploadSasUri>())!;
        await new BlobClient(new Uri($"http://{sas.HostName}/{sas.ContainerName}/{sas.BlobName}{sas.SasToken}")).UploadAsync(BinaryData.FromBytes([0xFF, 0xD8, 0xFF, 0xD9]));

        // In Azure, Event Grid raises BlobCreated for the write itself; here nothing is queued until the device says it is done.
        var beforeNotification = await QueueReading.WaitForEventsAsync(storage.Queue(options.FrameEventsQueue), 1, TimeSpan.FromMilliseconds(500));
        await http.PostAsJsonAsync("devices/car-01/files/notifications?api-version=2021-04-12", new { correlationId = sas.CorrelationId, isSuccess = true, statusCode = 201, statusDescription = "ok" });
        var afterNotification = await QueueReading.WaitForMessagesAsync(storage.Queue(options.FrameEventsQueue), 1);

        Assert.Empty(beforeNotification);
        Assert.Equal(sas.BlobName, EventGridEvents.ParseFrameBlobCreated(Assert.Single(afterNotification)).BlobName);
    }

    [Fact]
    public async Task Deviation_upload_SAS_is_an_account_key_service_SAS_on_a_path_style_Azurite_host()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("car-01")));
        using var http = DeviceHttp(hub, "car-01");

        var sas = (await (await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = "k.jpg" })).Content.ReadFromJsonAsync<FileUploadSasUri>())!;

        // Azure: "{account}.blob.core.windows.net" and a SAS the hub obtains for its storage endpoint (identity-based here).
        // The stand-in signs a service SAS with Azurite's account key (sig=, no user-delegation skoid=) for create + write.
        Assert.Matches(@"^127\.0\.0\.1:\d+/devstoreaccount1$", sas.HostName);
        Assert.Contains("sig=", sas.SasToken, StringComparison.Ordinal);
        Assert.DoesNotContain("skoid=", sas.SasToken, StringComparison.Ordinal);
        Assert.Contains("sp=cw", sas.SasToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deviation_no_throttling_upload_initiations_beyond_IoT_Hubs_rate_are_all_accepted()
    {
        var options = storage.NewOptions(new DeviceSeed("car-01"));
        await using var hub = await IotHubStandIn.StartAsync(options);
        using var http = DeviceHttp(hub, "car-01");

        // S1 allows 1.67 initiations/s per unit and answers 429 beyond; the stand-in limits only concurrent uploads (10, 403).
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < options.MaxConcurrentUploadsPerDevice; i++)
            answers.Add((await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = $"{i}.jpg" })).StatusCode);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task Deviation_no_persistent_session_across_a_broker_restart()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("car-01")));
        await using (var first = await TestDevice.ConnectAsync(hub, "car-01")) { }
        await hub.StopBrokerAsync();
        await hub.StartBrokerAsync();

        // IoT Hub keeps a CleanSession=0 session (its subscriptions and queued QoS 1 messages); the restarted stand-in has none.
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", hub.MqttPort)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithClientId("car-01")
            .WithCredentials($"{hub.HostName}/car-01/?api-version=2021-04-12", hub.Registry.CreateSasToken("car-01", null, DateTimeOffset.UtcNow.AddHours(1)))
            .WithCleanSession(false)
            .Build());

        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.False(result.IsSessionPresent);
        await client.DisconnectAsync();
    }

    [Fact]
    public async Task Deviation_cloud_to_device_messages_wait_in_memory_without_expiry_or_feedback()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("car-01")));
        await using var device = await TestDevice.ConnectAsync(hub, "car-01");

        // Sent before the device listens: kept (IoT Hub keeps it too, with a TTL and delivery feedback the stand-in has not).
        Assert.True(await hub.SendCloudToDeviceAsync("car-01", Encoding.UTF8.GetBytes("stop"), new Dictionary<string, string> { ["$.mid"] = "m-1", ["kind"] = "cmd" }));
        for (var i = 1; i < 50; i++) Assert.True(await hub.SendCloudToDeviceAsync("car-01", [1]));
        var full = await hub.SendCloudToDeviceAsync("car-01", [2]);
        await device.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("devices/car-01/messages/devicebound/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (device.Received.Count < 50 && DateTime.UtcNow < deadline) await Task.Delay(50);

        Assert.False(full);   // IoT Hub's per-device queue depth is 50
        Assert.Equal(50, device.Received.Count);
        var first = device.Received.First();
        Assert.StartsWith("devices/car-01/messages/devicebound/", first.Topic, StringComparison.Ordinal);
        var bag = Yunbao.Edge.IotHub.PropertyBag.Parse(first.Topic["devices/car-01/messages/devicebound/".Length..]);
        Assert.Equal(("m-1", "cmd"), (bag["$.mid"], bag["kind"]));
        Assert.Equal("stop", first.Payload);
    }
}
