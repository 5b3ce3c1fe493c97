using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Contracts.Telemetry;
using Yunbao.Application;
using Yunbao.Application.Telemetry;
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
        await w.AddStewardAsync("steward-07", 500, available: false);
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
        await w.StewardReportsAsync("s1");

        var again = await w.Telemetry.IngestAsync(Message("env-01", "alert", Alert("waterLevelCm", "raised", w.Clock.GetUtcNow())), Ct);

        Assert.Equal(orderId, again.Incidents[0].WorkOrderId);
        var order = (await w.OrderAsync(orderId))!;
        Assert.Contains(order.Events, e => e.Type == "reopened");
        Assert.Equal(WorkOrderStatus.Dispatched, order.Status);
    }

    // ---- security (#8): a device reports only for itself, in this district, with sane fields ----

    [Fact]
    public async Task A_steward_position_from_another_device_is_refused_and_moves_no_one()
    {
        using var w = new ServiceWorld();
        var before = await w.AddStewardAsync("steward-02", 100);
        const string spoof = """{"kind":"steward","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.31,"lat":39.86,"stewardId":"steward-02","available":false}""";

        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => w.Telemetry.IngestAsync(Message("patrol-01", "position", spoof), Ct));

        Assert.Contains("steward-identity", e.Message);
        var after = (await w.StewardAsync("steward-02"))!;
        Assert.Equal((before.Location, true), (after.Location, after.Available));
    }

    [Fact]
    public async Task A_steward_heartbeat_from_the_stewards_own_phone_still_works_with_or_without_stewardId()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("steward-02", 100);
        await w.Telemetry.IngestAsync(Message("steward-02", "position", """{"kind":"steward","ts":"2026-11-25T02:00:00Z","lon":116.312,"lat":39.861,"available":false}"""), Ct);
        var s = (await w.StewardAsync("steward-02"))!;
        Assert.Equal((116.312, false), (s.Location.Lon, s.Available));
    }

    [Fact]
    public async Task An_alert_for_another_district_is_refused_and_opens_nothing_anywhere()
    {
        using var w = new ServiceWorld();
        var body = Alert("waterLevelCm", "raised", Morning).Replace("\"districtId\":\"lize\"", "\"districtId\":\"not-lize\"", StringComparison.Ordinal);

        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => w.Telemetry.IngestAsync(Message("env-01", "alert", body), Ct));

        Assert.Contains("rule 'district'", e.Message);
        Assert.Contains("not-lize", e.Message);
        Assert.Empty(w.Incidents.All);
        Assert.Empty(w.Orders.All);
    }

    [Fact]
    public async Task An_alert_without_districtId_lands_in_the_configured_district()
    {
        using var w = new ServiceWorld();
        var body = Alert("waterLevelCm", "raised", Morning).Replace("\"districtId\":\"lize\",", "", StringComparison.Ordinal);
        var outcome = await w.Telemetry.IngestAsync(Message("env-01", "alert", body), Ct);
        Assert.Equal("lize", (await w.OrderAsync(outcome.Incidents[0].WorkOrderId!))!.DistrictId);
    }

    [Theory]
    [InlineData("position", """{"kind":"vehicle","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.6,"lat":39.86}""", "outside district 'lize'")]
    [InlineData("position", """{"kind":"vehicle","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":"NaN","lat":39.86}""", "impossible position lon=NaN")]
    [InlineData("position", """{"kind":"vehicle","districtId":"lize","ts":"2020-01-01T00:00:00Z","lon":116.31,"lat":39.86}""", "rule 'time'")]
    [InlineData("position", """{"kind":"vehicle","districtId":"lize","lon":116.31,"lat":39.86}""", "rule 'time'")]
    [InlineData("position", """{"kind":"vehicle","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.31,"lat":39.86,"speedKmh":-4}""", "speedKmh")]
    [InlineData("position", """{"kind":"steward","districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.31,"lat":39.86,"stewardId":"../s"}""", "stewardId may contain only")]
    [InlineData("alert", """{"districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.31,"lat":39.86,"metric":"water level/../x","value":1,"threshold":1,"state":"raised"}""", "metric may contain only")]
    [InlineData("sensor", """{"districtId":"lize","ts":"2026-11-25T02:00:00Z","lon":116.31,"lat":39.86,"values":{"a b":1}}""", "reading name")]
    [InlineData("health", """{"districtId":"elsewhere"}""", "rule 'district'")]
    public async Task Fields_outside_the_rules_are_refused_with_the_rule_named(string type, string body, string reason)
    {
        using var w = new ServiceWorld();
        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => w.Telemetry.IngestAsync(Message("patrol-01", type, body), Ct));
        Assert.Contains(reason, e.Message);
        Assert.Null(await w.Devices.GetAsync("lize", "patrol-01", Ct));
    }

    [Fact]
    public async Task A_sender_id_that_is_not_an_identifier_is_refused()
    {
        using var w = new ServiceWorld();
        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => w.Telemetry.IngestAsync(
            Message("../patrol", "position", """{"kind":"vehicle","ts":"2026-11-25T02:00:00Z","lon":116.31,"lat":39.86}"""), Ct));
        Assert.Contains("deviceId may contain only", e.Message);
    }

    [Theory]
    [InlineData(double.NaN, 39.86, "impossible position")]
    [InlineData(116.31, double.PositiveInfinity, "impossible position")]
    [InlineData(116.2, 39.86, "outside district")]
    [InlineData(116.328, 39.877, null)]   // inside the margin
    public void Coordinates_must_be_finite_and_in_the_district(double lon, double lat, string? reason)
    {
        var rules = new TelemetryValidator(new FakeTimeProvider(Morning), new DistrictOptions(), NullLogger.Instance);
        var message = Message("patrol-01", "position", "{}");
        if (reason is null) { Assert.Equal(lon, rules.Position(message, lon, lat).Lon); return; }
        Assert.Contains(reason, Assert.Throws<UnprocessableInputException>(() => rules.Position(message, lon, lat)).Message);
    }
}
