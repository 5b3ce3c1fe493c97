using MQTTnet;
using MQTTnet.Protocol;
using Yunbao.Edge.IotHub;

namespace Yunbao.IotHubStandIn.Tests;

[Collection(StorageCollection.Name)]
public sealed class AuthenticationTests(StorageFixture storage)
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string OtherKey = "HxwdGhsYGRoXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=";

    [Fact]
    public async Task Device_with_a_valid_token_connects()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key)));
        var token = SharedAccessSignature.Create(Key, $"{hub.HostName}/devices/cam-01", DateTimeOffset.UtcNow.AddMinutes(10)).Value;

        var (device, result) = await TestDevice.TryConnectAsync(hub, "cam-01", null, token);
        await using var _ = device;

        Assert.Equal(MqttClientConnectResultCode.Success, result);
        Assert.True(await hub.IsConnectedAsync("cam-01"));
    }

    [Fact]
    public async Task Token_signed_with_the_wrong_key_is_refused()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key)));
        var token = SharedAccessSignature.Create(OtherKey, $"{hub.HostName}/devices/cam-01", DateTimeOffset.UtcNow.AddMinutes(10)).Value;

        var (_, result) = await TestDevice.TryConnectAsync(hub, "cam-01", null, token);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result);
        Assert.Equal(1, hub.Stats.RefusedConnections);
    }

    [Fact]
    public async Task Expired_token_is_refused()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key)));
        var token = SharedAccessSignature.Create(Key, $"{hub.HostName}/devices/cam-01", DateTimeOffset.UtcNow.AddSeconds(-5)).Value;

        var (_, result) = await TestDevice.TryConnectAsync(hub, "cam-01", null, token);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result);
    }

    [Fact]
    public async Task Token_of_another_device_is_refused_even_with_its_valid_signature()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key), new DeviceSeed("cam-02", OtherKey)));
        var tokenForCam02 = SharedAccessSignature.Create(OtherKey, $"{hub.HostName}/devices/cam-02", DateTimeOffset.UtcNow.AddMinutes(10)).Value;

        var (_, result) = await TestDevice.TryConnectAsync(hub, "cam-01", null, tokenForCam02);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result);
    }

    [Fact]
    public async Task Connection_is_closed_when_its_token_expires()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key)));
        var token = SharedAccessSignature.Create(Key, $"{hub.HostName}/devices/cam-01", DateTimeOffset.UtcNow.AddSeconds(3)).Value;
        var (device, result) = await TestDevice.TryConnectAsync(hub, "cam-01", null, token);
        await using var _ = device;
        Assert.Equal(MqttClientConnectResultCode.Success, result);

        await device!.Disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(await hub.IsConnectedAsync("cam-01"));
    }

    [Fact]
    public async Task Unknown_device_is_refused()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key)));
        var token = SharedAccessSignature.Create(Key, $"{hub.HostName}/devices/ghost", DateTimeOffset.UtcNow.AddMinutes(10)).Value;

        var (_, result) = await TestDevice.TryConnectAsync(hub, "ghost", null, token);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result);
    }

    [Fact]
    public async Task Username_naming_another_device_is_refused()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key), new DeviceSeed("cam-02", OtherKey)));
        var token = SharedAccessSignature.Create(Key, $"{hub.HostName}/devices/cam-01", DateTimeOffset.UtcNow.AddMinutes(10)).Value;

        var (_, result) = await TestDevice.TryConnectAsync(hub, "cam-01", null, token, userName: $"{hub.HostName}/cam-02/?api-version=2021-04-12");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result);
    }

    [Fact]
    public async Task Module_identity_connects_with_its_own_key_and_not_with_the_device_key()
    {
        var options = storage.NewOptions(new DeviceSeed("car-01", Key, ["PatrolCamera"]));
        await using var hub = await IotHubStandIn.StartAsync(options);
        var deviceKeyToken = SharedAccessSignature.Create(Key, $"{hub.HostName}/devices/car-01/modules/PatrolCamera", DateTimeOffset.UtcNow.AddMinutes(10)).Value;

        var (_, refused) = await TestDevice.TryConnectAsync(hub, "car-01", "PatrolCamera", deviceKeyToken);
        await using var module = await TestDevice.ConnectAsync(hub, "car-01", "PatrolCamera");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused);
        Assert.True(await hub.IsConnectedAsync("car-01", "PatrolCamera"));
    }

    [Fact]
    public async Task A_second_connection_of_the_same_device_drops_the_first()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key)));
        await using var first = await TestDevice.ConnectAsync(hub, "cam-01");

        await using var second = await TestDevice.ConnectAsync(hub, "cam-01");

        await first.Disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(second.Client.IsConnected);
    }

    [Fact]
    public async Task QoS_2_publish_closes_the_connection_like_IoT_Hub()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key)));
        await using var device = await TestDevice.ConnectAsync(hub, "cam-01");

        try { await device.PublishAsync(device.EventsTopic("type=sensor"), "{}", MqttQualityOfServiceLevel.ExactlyOnce); }
        catch (Exception) { /* the broker may drop us before PUBREC */ }

        await device.Disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, hub.Stats.DeviceToCloudMessages);
    }

    [Fact]
    public async Task Publishing_to_another_devices_topic_closes_the_connection_and_delivers_nothing()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key), new DeviceSeed("cam-02", OtherKey)));
        await using var device = await TestDevice.ConnectAsync(hub, "cam-01");

        try { await device.PublishAsync("devices/cam-02/messages/events/type=sensor", "{}"); }
        catch (Exception) { /* dropped before PUBACK */ }

        await device.Disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, hub.Stats.UnauthorizedPublishes);
        Assert.Equal(0, hub.Stats.DeviceToCloudMessages);
    }

    [Fact]
    public async Task A_device_cannot_subscribe_to_another_devices_messages()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("cam-01", Key), new DeviceSeed("cam-02", OtherKey)));
        await using var device = await TestDevice.ConnectAsync(hub, "cam-01");

        var result = await device.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("devices/cam-02/messages/devicebound/#").Build());

        Assert.NotEqual(MqttClientSubscribeResultCode.GrantedQoS0, result.Items.Single().ResultCode);
        Assert.NotEqual(MqttClientSubscribeResultCode.GrantedQoS1, result.Items.Single().ResultCode);
    }
}
