using System.Text.Json;
using Yunbao.Contracts.Telemetry;
using Yunbao.Application;
using Yunbao.Domain.WorkOrders;
using static Yunbao.Domain.Tests.TestWorld;

namespace Yunbao.Application.Tests;

public sealed class TelemetryIngestionServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static TelemetryMessage Message(string device, string type, string json, params (string, string)[] props) =>
        new(device, null, type, Guid.NewGuid().ToString("N"), Morning, JsonDocument.Parse(json).RootElement.Clone(), props.ToDictionary(p => p.Item1, p => p.Item2));

    private static string Alert(string metric, string state, DateTimeOffset ts) =>
        FormattableString.Invariant($$"""{"districtId":"lize","ts":"{{ts:O}}","lon":{{ServiceWorld.RightOfCar.Lon}},"lat":{{ServiceWorld.RightOfCar.Lat}},"metric":"{{metric}}","value":12.5,"threshold":10,"state":"{{state}}"}""");

    [Fact]
    public async Task Raised_water_level_alert_opens_a_waterlogging_order()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var outcome = await w.Telemetry.IngestAsync(Message("env-01", "alert", Alert("waterLevelCm", "raised", Morning), ("simulated", "true")), Ct);

        Assert.Equal("alert:raised", outcome.Kind);
        var incident = Assert.Single(outcome.Incidents);
        Assert.True(incident.Created && incident.WorkOrderOpened);
        var order = (await w.OrderAsync(incident.WorkOrderId!))!;
        Assert.Equal(("waterlogging", "Sensor", WorkOrderStatus.Dispatched), (order.CategoryCode, order.Source, order.Status));
        Assert.True(order.Simulated);
    }

    [Fact]
    public async Task Same_alert_delivered_twice_changes_nothing()
    {
        using var w = new ServiceWorld();
        var message = Message("env-01", "alert", Alert("binFillPercent", "raised", Morning));
        await w.Telemetry.IngestAsync(message, Ct);
        var again = await w.Telemetry.IngestAsync(message, Ct);
        Assert.False(Assert.Single(again.Incidents).Created);
        Assert.Single(w.Incidents.All);
        Assert.Equal("garbage-overflow", Assert.Single(w.Orders.All).CategoryCode);
    }

    [Fact]
    public async Task Cleared_alert_and_unmapped_metric_open_nothing()
    {
        using var w = new ServiceWorld();
        Assert.Equal("alert:cleared", (await w.Telemetry.IngestAsync(Message("env-01", "alert", Alert("pm10", "cleared", Morning)), Ct)).Kind);
        Assert.Equal("alert:unmapped", (await w.Telemetry.IngestAsync(Message("env-01", "alert", Alert("humidity", "raised", Morning)), Ct)).Kind);
        Assert.Empty(w.Incidents.All);
    }

    [Theory]
    [InlineData("gossip", """{"a":1}""", "Unknown telemetry type 'gossip'")]
    [InlineData("position", """[1,2]""", "no JSON object body")]
    [InlineData("position", """{"kind":"boat","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.3,"lat":39.86}""", "kind 'boat'")]
    [InlineData("position", """{"kind":"vehicle","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":"east","lat":39.86}""", "not a valid PositionReport")]
    [InlineData("position", """{"kind":"vehicle","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":999,"lat":39.86}""", "impossible position")]
    [InlineData("alert", """{"districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.3,"lat":39.86,"metric":"pm10","value":1,"threshold":1,"state":"maybe"}""", "state 'maybe'")]
    public async Task Malformed_or_unknown_messages_are_unprocessable_with_a_clear_reason(string type, string body, string reason)
    {
        using var w = new ServiceWorld();
        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => w.Telemetry.IngestAsync(Message("dev-1", type, body), Ct));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public async Task Vehicle_position_updates_its_device_state_and_a_late_older_report_does_not_overwrite_it()
    {
        using var w = new ServiceWorld();
        const string newer = """{"kind":"vehicle","districtId":"lize","ts":"2026-11-25T02:00:10Z","lon":116.31,"lat":39.86,"headingDeg":90,"speedKmh":25}""";
        const string older = """{"kind":"vehicle","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.30,"lat":39.86,"headingDeg":90,"speedKmh":25}""";
        Assert.Equal("position:vehicle", (await w.Telemetry.IngestAsync(Message("patrol-01", "position", newer), Ct)).Kind);
        await w.Telemetry.IngestAsync(Message("patrol-01", "position", older), Ct);

        var state = (await w.Devices.GetAsync("lize", "patrol-01", Ct))!;
        Assert.Equal(("vehicle", 116.31, 25.0), (state.Kind, state.Location.Lon, state.SpeedKmh));
    }

    [Fact]
    public async Task Steward_position_is_a_heartbeat()
    {
        using var w = new ServiceWorld();
        const string body = """{"kind":"steward","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.31,"lat":39.86,"stewardId":"steward-07","available":true}""";
        Assert.Equal("position:steward", (await w.Telemetry.IngestAsync(Message("steward-07", "position", body), Ct)).Kind);
        var s = (await w.StewardAsync("steward-07"))!;
        Assert.Equal((116.31, true), (s.Location.Lon, s.Available));
    }

    [Fact]
    public async Task Sensor_readings_and_health_are_recorded_on_the_device()
    {
        using var w = new ServiceWorld();
        await w.Telemetry.IngestAsync(Message("env-01", "sensor", """{"districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.31,"lat":39.86,"values":{"pm25":35.5,"noiseDb":61}}"""), Ct);
        await w.Telemetry.IngestAsync(Message("env-01", "health", """{"districtId":"lize","uptimeS":120}"""), Ct);
        var state = (await w.Devices.GetAsync("lize", "env-01", Ct))!;
        Assert.Equal(35.5, state.Readings["pm25"]);
        Assert.Contains("uptimeS", state.HealthJson);
    }

    [Fact]
    public async Task Without_a_device_store_positions_are_accepted_and_not_stored()
    {
        using var w = new ServiceWorld(withDevices: false);
        var outcome = await w.Telemetry.IngestAsync(Message("patrol-01", "position", """{"kind":"vehicle","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.31,"lat":39.86}"""), Ct);
        Assert.Equal("position:vehicle", outcome.Kind);
    }

    [Fact]
    public async Task Alert_raised_again_after_the_order_was_resolved_reopens_it()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var first = await w.Telemetry.IngestAsync(Message("env-01", "alert", Alert("waterLevelCm", "raised", Morning)), Ct);
        var orderId = first.Incidents[0].WorkOrderId!;
        await w.ResolveAsync(orderId);
        w.Clock.Advance(TimeSpan.FromMinutes(30));

        var again = await w.Telemetry.IngestAsync(Message("env-01", "alert", Alert("waterLevelCm", "raised", w.Clock.GetUtcNow())), Ct);

        Assert.Equal(orderId, again.Incidents[0].WorkOrderId);
        var order = (await w.OrderAsync(orderId))!;
        Assert.Contains(order.Events, e => e.Type == "reopened");
        Assert.Equal(WorkOrderStatus.Dispatched, order.Status);
    }
}

