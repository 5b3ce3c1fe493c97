using System.Globalization;
using System.Text;
using System.Text.Json;
using MQTTnet.Protocol;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>
/// The client against real brokers: D2C topics and property bags as documented, and no loss through a broker outage
/// or a client restart. QoS 1 is at-least-once, so the receiver dedupes by $.mid; duplicates are counted, not hidden.
/// </summary>
public abstract class BrokerConformanceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = TestPaths.NewTempDirectory("conformance");
    private readonly string _afterCrashDir = TestPaths.NewTempDirectory("conformance-after-crash");

    protected ITestOutputHelper Output { get; } = output;

    protected ITestBroker Broker { get; private set; } = null!;

    /// <summary>Warnings of every client this test made, to wait for a logged failure instead of sleeping.</summary>
    private protected CollectingLogger Logs { get; } = new();

    protected abstract ITestBroker CreateBroker();

    public async Task InitializeAsync()
    {
        Broker = CreateBroker();
        await Broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        try { Directory.Delete(_afterCrashDir, recursive: true); } catch (IOException) { }
    }

    protected IotHubClient NewClient(IotHubConnectionSettings settings, int maxInFlight = 32, Action<IotHubClientOptions>? configure = null, string? outboxDirectory = null)
    {
        var options = TestDevices.LocalOptions(Broker.Port, outboxDirectory ?? _dir, maxInFlight);
        configure?.Invoke(options);
        return TestDevices.Client(settings, options, XunitLoggerProvider.Factory(Output, Logs));
    }

    protected static List<string> MessageIds(IEnumerable<ReceivedPublish> received, string deviceId) => MessageIds(received.Select(r => r.Topic), deviceId);

    protected static List<string> MessageIds(IEnumerable<string> topics, string deviceId) =>
        topics
            .Where(t => IotHubTopics.TryParseD2CTopic(t, out var d, out _, out _) && d == deviceId)
            .Select(t => { _ = IotHubTopics.TryParseD2CTopic(t, out _, out _, out var p); return p["$.mid"]; })
            .ToList();

    protected async Task Events_arrive_on_the_documented_topics_with_the_documented_property_bags()
    {
        await using var device = NewClient(TestDevices.Device("patrol-car-01"));
        await using var module = NewClient(TestDevices.Module("edge-gw-01", "envSensor"));
        await device.StartAsync();
        await module.StartAsync();

        var position = new { kind = "vehicle", districtId = "lize", lon = 116.31, lat = 39.865 };
        await device.SendEventAsync(DeviceMessage.FromJson("position", position) with
        {
            MessageId = "pos-1",
            Properties = new Dictionary<string, string> { ["districtId"] = "lize", ["street"] = "丽泽路 & 金融街 = 东/西" },
        });
        await module.SendEventAsync("alert", new { metric = "pm25", value = 180.5 }, outputName: "alerts");
        await device.WaitForOutboxDrainedAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await module.WaitForOutboxDrainedAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await Broker.WaitForAsync(r => r.Count(p => p.Topic.StartsWith("devices/", StringComparison.Ordinal)) >= 2, TimeSpan.FromSeconds(10));

        var fromDevice = Broker.Received.Single(r => r.Topic.StartsWith("devices/patrol-car-01/messages/events/", StringComparison.Ordinal));
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, fromDevice.QoS);
        Assert.True(IotHubTopics.TryParseD2CTopic(fromDevice.Topic, out var deviceId, out var moduleId, out var p));
        Assert.Equal(("patrol-car-01", (string?)null), (deviceId, moduleId));
        Assert.Contains("$.ct=application%2Fjson", fromDevice.Topic);
        Assert.Contains("$.ce=utf-8", fromDevice.Topic);
        Assert.Equal("pos-1", p["$.mid"]);
        Assert.Equal("application/json", p["$.ct"]);
        Assert.Equal("utf-8", p["$.ce"]);
        Assert.Equal("position", p["type"]);
        Assert.Equal("lize", p["districtId"]);
        Assert.Equal("丽泽路 & 金融街 = 东/西", p["street"]);
        var created = DateTimeOffset.ParseExact(p["$.ctime"], "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        using var body = JsonDocument.Parse(fromDevice.Payload);
        Assert.Equal("vehicle", body.RootElement.GetProperty("kind").GetString());

        var fromModule = Broker.Received.Single(r => r.Topic.StartsWith("devices/edge-gw-01/modules/envSensor/messages/events/", StringComparison.Ordinal));
        Assert.True(IotHubTopics.TryParseD2CTopic(fromModule.Topic, out _, out var mod, out var mp));
        Assert.Equal("envSensor", mod);
        Assert.Equal("alerts", mp["$.on"]);
        Assert.Equal("alert", mp["type"]);
        Assert.True(Guid.TryParse(mp["$.mid"], out _));
        Assert.Equal("""{"metric":"pm25","value":180.5}""", Encoding.UTF8.GetString(fromModule.Payload));
    }

    protected async Task Nothing_is_lost_through_a_broker_outage(bool restartClientDuringOutage)
    {
        var deviceId = restartClientDuringOutage ? "car-restart" : "car-outage";
        var settings = TestDevices.Device(deviceId);
        var sent = new List<string>();
        var client = NewClient(settings);
        try
        {
            await client.StartAsync();
            await client.WaitUntilConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));

            async Task SendAsync(IotHubClient c, int from, int to)
            {
                for (var i = from; i < to; i++)
                {
                    var id = $"{deviceId}-{i:D5}";
                    await c.SendEventAsync(DeviceMessage.FromJson("position", new { n = i }) with { MessageId = id });
                    sent.Add(id);
                    if (i % 25 == 0) await Task.Delay(5);
                }
            }

            await SendAsync(client, 0, 150);
            await Broker.WaitForAcceptedAsync(t => MessageIds(t, deviceId).Count >= 30, TimeSpan.FromSeconds(10));
            await Broker.StopAsync(); // outage while messages are still in flight
            var failuresBeforeOutage = Logs.CountWarnings("lost or refused");
            Output.WriteLine($"broker stopped after {MessageIds(Broker.AcceptedTopics, deviceId).Distinct().Count()} arrivals");

            await SendAsync(client, 150, 300);
            if (restartClientDuringOutage)
            {
                Assert.True(client.PendingMessages > 0);
                await client.DisposeAsync(); // the process goes away with its outbox on disk
                client = NewClient(settings); // a new process on the same outbox folder
                Assert.True(client.PendingMessages >= 150); // at least everything sent during the outage
                await client.StartAsync();
                await SendAsync(client, 300, 400);
            }

            // The connection lost, then at least one reconnect refused by the stopped broker.
            await Logs.WaitForWarningsAsync("lost or refused", failuresBeforeOutage + 2, TimeSpan.FromSeconds(10));
            await Broker.StartAsync();
            await client.WaitForOutboxDrainedAsync().WaitAsync(TimeSpan.FromSeconds(30));
            try
            {
                await Broker.WaitForAcceptedAsync(t => MessageIds(t, deviceId).Distinct().Count() >= sent.Count, TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                var seen = MessageIds(Broker.AcceptedTopics, deviceId).ToHashSet();
                Output.WriteLine("missing: " + string.Join(", ", sent.Where(id => !seen.Contains(id))));
                throw;
            }
        }
        finally
        {
            await client.DisposeAsync();
        }

        var arrivals = MessageIds(Broker.AcceptedTopics, deviceId);
        var firstArrivals = arrivals.Distinct().ToList();
        Output.WriteLine($"{Broker.Name}: sent {sent.Count}, arrivals {arrivals.Count}, unique {firstArrivals.Count}, duplicates {arrivals.Count - firstArrivals.Count}");
        Assert.Equal(sent, firstArrivals); // no loss, no reordering of first arrivals
        Assert.InRange(arrivals.Count - firstArrivals.Count, 0, 64); // QoS 1 replays at most what was in flight
    }

    protected async Task Nothing_is_lost_when_the_client_crashes_while_sending()
    {
        const string deviceId = "car-crash";
        var settings = TestDevices.Device(deviceId);
        var sent = new List<string>();
        var crashed = NewClient(settings);
        await crashed.StartAsync();
        for (var i = 0; i < 400; i++)
        {
            var id = $"{deviceId}-{i:D5}";
            await crashed.SendEventAsync(DeviceMessage.FromText("health", "ok") with { MessageId = id });
            sent.Add(id);
            if (i == 300) await Broker.WaitForAcceptedAsync(t => MessageIds(t, deviceId).Count >= 100, TimeSpan.FromSeconds(10));
        }

        // Killed mid-stream: the connection drops with publishes in flight (the broker goes away, so nothing the dead
        // client does later can deliver a message), and its outbox is what was on disk at that moment: the last
        // acknowledgements unsaved, no final save on exit. The restarted process gets that copy; the original is abandoned.
        await Broker.StopAsync();
        TestPaths.SnapshotDirectory(_dir, _afterCrashDir);
        await crashed.DisposeAsync();
        await Broker.StartAsync();

        await using var restarted = NewClient(settings, outboxDirectory: _afterCrashDir);
        Output.WriteLine($"after the crash {restarted.PendingMessages} messages are waiting, {MessageIds(Broker.AcceptedTopics, deviceId).Distinct().Count()} had arrived");
        await restarted.StartAsync();
        for (var i = 400; i < 450; i++)
        {
            var id = $"{deviceId}-{i:D5}";
            await restarted.SendEventAsync(DeviceMessage.FromText("health", "ok") with { MessageId = id });
            sent.Add(id);
        }

        await restarted.WaitForOutboxDrainedAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await Broker.WaitForAcceptedAsync(t => MessageIds(t, deviceId).Distinct().Count() >= sent.Count, TimeSpan.FromSeconds(30));
        var arrivals = MessageIds(Broker.AcceptedTopics, deviceId);
        Output.WriteLine($"{Broker.Name}: sent {sent.Count}, arrivals {arrivals.Count}, duplicates {arrivals.Count - arrivals.Distinct().Count()}");
        Assert.Equal(sent, arrivals.Distinct());
    }
}
