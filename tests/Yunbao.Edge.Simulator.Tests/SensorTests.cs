using Yunbao.Contracts;
using Yunbao.Contracts.Telemetry;
using Yunbao.Edge.Simulator.Output;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Tests;

public sealed class SensorTests
{
    [Fact]
    public void An_alarm_raises_once_and_clears_only_below_the_clear_level_however_the_value_wobbles()
    {
        var alarm = new SensorAlarm(new AlarmThreshold(SensorMetrics.Pm25, Raise: 75, Clear: 60));
        var readings = new[] { 50, 74.9, 75, 74, 76, 71, 77, 61, 74, 60.1, 60, 62, 74.9, 75.5 };
        var changes = readings.Select(v => (Value: v, Change: alarm.Update(v))).Where(x => x.Change is not null).ToList();

        Assert.Equal(
            [(75, AlarmState.Raised), (60, AlarmState.Cleared), (75.5, AlarmState.Raised)],
            changes.Select(c => (c.Value, c.Change!.Value)).ToList());
        Assert.True(alarm.IsRaised);
    }

    [Fact]
    public async Task Simulated_sensors_report_periodically_and_their_alerts_alternate_raised_and_cleared()
    {
        var sink = new MemoryFleetSink(keepImages: false);
        var options = TestWorld.Options(seed: 5);
        options.PatrolCaptureIntervalSeconds = 1e9;
        options.CaptureOnSighting = false;
        options.FixedCaptureIntervalSeconds = 1e9;
        var sim = new FleetSimulator(options, sink, TestWorld.Lize);

        // find a rainy day in the next weeks, so the water-level sensor has something to say
        var rainy = Enumerable.Range(0, 60).Select(d => new DateOnly(2026, 11, 25).AddDays(d))
            .First(d => sim.World.WeatherOn(d) is { Sky: Sky.Rain, RainMmPerHour: > 15 } w && (w.RainEnd - w.RainStart)!.Value.TotalHours > 1.5);
        var start = DistrictTime.At(rainy, 0, TestWorld.Beijing);
        await sim.StepAsync(start);
        await sim.StepAsync(start.AddHours(30));

        var readings = sink.Telemetry.Where(t => t.Type == TelemetryTypes.Sensor).ToList();
        Assert.Equal(4, readings.Select(r => r.DeviceId).Distinct().Count());
        Assert.All(readings, r => Assert.Equal(options.SensorModuleId, r.ModuleId));
        Assert.InRange(readings.Count(r => r.DeviceId == "envsensor-01"), 30 * 12 - 1, 30 * 12 + 1); // every 5 minutes

        var alerts = sink.Telemetry.Where(t => t.Type == TelemetryTypes.Alert).Select(t => (t.DeviceId, Alert: (SensorAlert)t.Body)).ToList();
        Assert.Contains(alerts, a => a.Alert.Metric == SensorMetrics.WaterLevelCm && a.Alert.State == "raised");
        Assert.Contains(alerts, a => a.Alert.Metric == SensorMetrics.WaterLevelCm && a.Alert.State == "cleared");
        foreach (var series in alerts.GroupBy(a => (a.DeviceId, a.Alert.Metric)))
        {
            var states = series.Select(a => a.Alert.State).ToList();
            Assert.Equal("raised", states[0]);
            for (var i = 1; i < states.Count; i++) Assert.NotEqual(states[i - 1], states[i]);
            foreach (var (_, a) in series)
                if (a.State == "raised") Assert.True(a.Value >= a.Threshold); else Assert.True(a.Value <= a.Threshold);
        }
    }
}
