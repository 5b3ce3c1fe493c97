using System.Globalization;
using System.Text;
using System.Text.Json;
using MQTTnet.Protocol;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

public sealed class InProcessBrokerConformanceTests(ITestOutputHelper output) : BrokerConformanceTests(output)
{
    protected override ITestBroker CreateBroker() => new InProcessBroker();

    private InProcessBroker InProcess => (InProcessBroker)Broker;

    [Fact]
    public Task Events_arrive_on_documented_topics() => Events_arrive_on_the_documented_topics_with_the_documented_property_bags();

    [Fact]
    public Task Broker_outage_loses_nothing() => Nothing_is_lost_through_a_broker_outage(restartClientDuringOutage: false);

    [Fact]
    public Task Client_restart_during_outage_loses_nothing() => Nothing_is_lost_through_a_broker_outage(restartClientDuringOutage: true);

    [Fact]
    public Task Client_crash_while_sending_loses_nothing() => Nothing_is_lost_when_the_client_crashes_while_sending();

    [Fact]
    public async Task Connects_as_iot_hub_documents_with_a_valid_sas_token()
    {
        await using var device = NewClient(TestDevices.Device("patrol-car-01"));
        await using var module = NewClient(TestDevices.Module("edge-gw-01", "envSensor"));
        await device.StartAsync();
        await module.StartAsync();
        await device.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await module.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var d = InProcess.Connects.First(c => c.ClientId == "patrol-car-01");
        Assert.Equal("yunbao-hub.azure-devices.net/patrol-car-01/?api-version=2021-04-12", d.UserName);
        Assert.False(d.CleanSession);
        Assert.InRange(d.KeepAliveSeconds ?? 0, 60, 1177);
        Assert.True(SharedAccessSignature.Validate(d.Password, "yunbao-hub.azure-devices.net/devices/patrol-car-01", TestDevices.Key, DateTimeOffset.UtcNow, out var error), error);

        var m = InProcess.Connects.First(c => c.ClientId == "edge-gw-01/envSensor");
        Assert.Equal("yunbao-hub.azure-devices.net/edge-gw-01/envSensor/?api-version=2021-04-12", m.UserName);
        Assert.True(SharedAccessSignature.Validate(m.Password, "yunbao-hub.azure-devices.net/devices/edge-gw-01/modules/envSensor", TestDevices.Key, DateTimeOffset.UtcNow, out error), error);
    }

    [Fact]
    public async Task Reconnects_with_a_fresh_token_before_expiry_without_losing_messages()
    {
        // Like IoT Hub, the broker refuses expired tokens.
        InProcess.ValidateConnect = e =>
            SharedAccessSignature.Validate(e.Password, SharedAccessSignature.ResourceUri(TestDevices.Hub, e.ClientId), TestDevices.Key, DateTimeOffset.UtcNow, out var error) ? null : error;
        await using var client = NewClient(TestDevices.Device("car-renew"), configure: o =>
        {
            o.SasTokenLifetime = TimeSpan.FromSeconds(4);
            o.SasTokenRenewAt = 0.5;
        });
        await client.StartAsync();
        var sent = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var id = $"renew-{i:D3}";
            await client.SendEventAsync(DeviceMessage.FromText("health", "ok") with { MessageId = id });
            sent.Add(id);
            await Task.Delay(100);
        }

        await client.WaitForOutboxDrainedAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await Broker.WaitForAsync(r => MessageIds(r, "car-renew").Distinct().Count() >= sent.Count, TimeSpan.FromSeconds(10));

        var connects = InProcess.Connects.Where(c => c.ClientId == "car-renew").ToList();
        Output.WriteLine($"connects: {connects.Count}, passwords: {connects.Select(c => c.Password).Distinct().Count()}");
        Assert.True(connects.Count >= 3, $"expected token renewals, saw {connects.Count} connects in 6 s");
        // Each renewal signs a new token (a connect retried after a failed attempt may reuse one still valid).
        Assert.True(connects.Select(c => c.Password).Distinct().Count() >= 3, "expected at least three distinct tokens");
        Assert.Equal(sent, MessageIds(Broker.Received, "car-renew").Distinct());
    }
}
