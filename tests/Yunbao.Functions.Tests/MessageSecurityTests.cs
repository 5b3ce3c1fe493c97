using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yunbao.Application.Ports;
using Yunbao.Application.WorkOrders;
using Yunbao.Contracts;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Telemetry;
using Yunbao.Domain.Stewards;
using Yunbao.Functions.Triggers;
using Yunbao.Infrastructure.Messaging;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>
/// Security issue #8, the message half: the attacks found on the local runner, as real queue payloads through the
/// function classes against the stand-ins. Each is refused into the poison queue with a reason naming the rule, and
/// changes nothing.
/// </summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class MessageSecurityTests(LocalStackFixture fixture)
{
    private static string Telemetry(string deviceId, string type, object body) =>
        FunctionsTestHost.AsRuntimeDelivers(EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = deviceId,
            Properties = new Dictionary<string, string> { ["type"] = type },
            Body = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), YunbaoJson.Options),
            MessageId = Guid.NewGuid().ToString("N"),
            EnqueuedAt = FunctionsTestHost.Now,
        }));

    private string FrameEvent(string container, string blobName) =>
        FunctionsTestHost.AsRuntimeDelivers(EventGridEvents.CreateBlobCreatedMessage(new BlobCreatedEventInput
        {
            BlobServiceUri = fixture.StandIns.BlobEndpoint, Container = container, BlobName = blobName,
            ContentType = "application/json", ContentLength = 100, ETag = "0x1", EventTime = FunctionsTestHost.Now,
        }));

    private static async Task<PoisonMessage> ParkedAsync(FunctionsTestHost host, string queue, string message)
    {
        var received = (await host.Queues.GetQueueClient(queue + PoisonQueue.Suffix).ReceiveMessagesAsync(32)).Value;
        return received.Select(m => PoisonQueue.Parse(m.Body.ToString())).Single(p => p.OriginalMessage == message || (p.Truncated && p.OriginalLength == message.Length && message.StartsWith(p.OriginalMessage, StringComparison.Ordinal)));
    }

    private static async Task<Steward> AddStewardAsync(FunctionsTestHost host, string id)
    {
        var repo = host.Services.GetRequiredService<IStewardRepository>();
        Assert.True(await repo.TryCreateAsync(new Steward { Id = id, DistrictId = "lize", Name = id, Location = new(116.30, 39.86), Available = true }, CancellationToken.None));
        return (await repo.GetAsync("lize", id, CancellationToken.None))!;
    }

    private static async Task<int> OrdersInAsync(FunctionsTestHost host, string districtId) =>
        (await host.Services.GetRequiredService<WorkOrderQueries>().QueryAsync(new WorkOrderQuery { DistrictId = districtId, PageSize = 200 }, CancellationToken.None)).Items.Count;

    [Fact]
    public async Task A_steward_position_from_another_device_is_parked_and_the_steward_stays_put_and_available()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var before = await AddStewardAsync(host, "steward-02");
        var spoof = Telemetry("patrol-01", TelemetryTypes.Position,
            new PositionReport("steward", "lize", FunctionsTestHost.Now, 116.3133, 39.8688, StewardId: "steward-02", Available: false));

        await host.Function<IngestTelemetry>().Run(spoof, CancellationToken.None);

        var parked = await ParkedAsync(host, "telemetry", spoof);
        Assert.Contains("steward-identity", parked.Reason);
        Assert.Contains("may only report for itself", parked.Reason);
        var after = (await host.Services.GetRequiredService<IStewardRepository>().GetAsync("lize", "steward-02", CancellationToken.None))!;
        Assert.Equal(before.Location, after.Location);
        Assert.True(after.Available);

        // The steward's own phone still moves them.
        var own = Telemetry("steward-02", TelemetryTypes.Position,
            new PositionReport("steward", "lize", FunctionsTestHost.Now, 116.3133, 39.8688, StewardId: "steward-02", Available: false));
        await host.Function<IngestTelemetry>().Run(own, CancellationToken.None);
        var moved = (await host.Services.GetRequiredService<IStewardRepository>().GetAsync("lize", "steward-02", CancellationToken.None))!;
        Assert.Equal((116.3133, false), (moved.Location.Lon, moved.Available));
    }

    [Fact]
    public async Task A_position_from_an_unregistered_stewards_own_phone_is_parked_and_registers_nobody()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var ghost = Telemetry("ghost-steward-xyz", TelemetryTypes.Position,
            new PositionReport("steward", "lize", FunctionsTestHost.Now, 116.3133, 39.8688, StewardId: "ghost-steward-xyz", Available: true));

        await host.Function<IngestTelemetry>().Run(ghost, CancellationToken.None);

        var parked = await ParkedAsync(host, "telemetry", ghost);
        Assert.Contains("ghost-steward-xyz is not registered", parked.Reason);
        Assert.Null(await host.Services.GetRequiredService<IStewardRepository>().GetAsync("lize", "ghost-steward-xyz", CancellationToken.None));
    }

    [Fact]
    public async Task An_alert_for_another_district_is_parked_and_opens_no_order_in_any_partition()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var alert = Telemetry("waterlevel-01", TelemetryTypes.Alert,
            new SensorAlert("not-lize", FunctionsTestHost.Now.AddMinutes(-2), 116.3051, 39.8611, "waterLevelCm", 12.5, 5, "raised"));

        await host.Function<IngestTelemetry>().Run(alert, CancellationToken.None);

        var parked = await ParkedAsync(host, "telemetry", alert);
        Assert.Contains("rule 'district'", parked.Reason);
        Assert.Contains("not-lize", parked.Reason);
        Assert.Equal(0, await OrdersInAsync(host, "not-lize"));
        Assert.Equal(0, await OrdersInAsync(host, "lize"));
        Assert.Equal(0, (await DetectFrameTests.CountsAsync(host)).Incidents);
    }

    [Theory]
    [InlineData(double.NaN, 39.8611, "impossible position")]
    [InlineData(116.5, 39.8611, "outside district 'lize'")]
    [InlineData(116.3051, 40.2, "outside district 'lize'")]
    public async Task An_alert_with_impossible_or_out_of_district_coordinates_is_parked(double lon, double lat, string reason)
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        // NaN cannot be a JSON number: send it as the named literal a lenient reader would accept.
        var body = new Dictionary<string, object>
        {
            ["districtId"] = "lize", ["ts"] = FunctionsTestHost.Now, ["lon"] = double.IsNaN(lon) ? "NaN" : lon, ["lat"] = lat,
            ["metric"] = "waterLevelCm", ["value"] = 12.5, ["threshold"] = 5, ["state"] = "raised",
        };
        var alert = Telemetry("waterlevel-01", TelemetryTypes.Alert, body);

        await host.Function<IngestTelemetry>().Run(alert, CancellationToken.None);

        Assert.Contains(reason, (await ParkedAsync(host, "telemetry", alert)).Reason);
        Assert.Equal(0, await OrdersInAsync(host, "lize"));
    }

    [Fact]
    public async Task A_body_over_256_KB_is_parked()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var health = Telemetry("patrol-01", TelemetryTypes.Health, new { districtId = "lize", pad = new string('x', 300 * 1024) });

        await host.Function<IngestTelemetry>().Run(health, CancellationToken.None);

        Assert.Contains("more than IoT Hub's 262144", (await ParkedAsync(host, "telemetry", health)).Reason);
        Assert.Null(await host.Services.GetRequiredService<IDeviceStateRepository>().GetAsync("lize", "patrol-01", CancellationToken.None));
    }

    [Theory]
    [InlineData("frames", "../heatmaps/manifest.json", "'..' segment")]
    [InlineData("frames", "patrol-test/../../heatmaps/manifest.json", "'..' segment")]
    [InlineData("frames", "%2e%2e/heatmaps/manifest.json", "percent-escape")]
    [InlineData("frames", "patrol-test/%2E%2E%2F%2E%2E%2Fheatmaps%2Fmanifest.json", "percent-escape")]
    [InlineData("heatmaps", "manifest.json", "container 'heatmaps', not 'frames'")]
    public async Task A_frame_event_naming_a_blob_outside_frames_is_parked_by_the_parser_before_any_blob_read(string container, string blobName, string reason)
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var message = FrameEvent(container, blobName);

        await host.Function<DetectFrame>().Run(message, CancellationToken.None);

        var parked = await ParkedAsync(host, "frame-events", message);
        // The refusal comes from the Event Grid parser: the frame store (the only code that reads blobs) was never called.
        Assert.StartsWith("Unusable Event Grid message", parked.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, parked.Reason);
        Assert.Empty((await DetectFrameTests.CountsAsync(host)).Orders);
    }
}
