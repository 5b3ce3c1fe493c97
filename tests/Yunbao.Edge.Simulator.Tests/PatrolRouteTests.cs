using Yunbao.Contracts.Telemetry;
using Yunbao.Edge.Simulator.Output;

namespace Yunbao.Edge.Simulator.Tests;

public sealed class PatrolRouteTests
{
    [Fact]
    public void Patrol_loop_drives_at_least_95_percent_of_the_street_length_and_closes()
    {
        var district = TestWorld.Lize;
        var loop = district.PatrolLoop;
        Assert.True(loop.Start.DistanceTo(loop.End) < 1, "the loop ends where it starts");

        double covered = 0, total = 0;
        foreach (var street in district.Network.Streets)
        {
            const double step = 10;
            for (var s = step / 2; s < street.LengthMeters; s += step)
            {
                var piece = Math.Min(step, street.LengthMeters - (s - step / 2));
                total += piece;
                if (loop.Locate(street.Path.PointAt(s)).OffsetMeters <= 3) covered += piece;
            }
        }
        Assert.True(covered / total >= 0.95, $"covered {covered / total:P1} of {total / 1000:F1} km");
        // and the loop is not absurdly long: at most twice the network
        Assert.InRange(loop.LengthMeters, district.Network.TotalLengthMeters, 2 * district.Network.TotalLengthMeters);
    }

    [Fact]
    public async Task Patrol_speed_stays_within_20_to_30_kmh_and_the_car_moves_accordingly()
    {
        var sink = new MemoryFleetSink(keepImages: false);
        var options = TestWorld.Options();
        options.PatrolCaptureIntervalSeconds = 1e9; // this test is about driving, not pictures
        options.CaptureOnSighting = false;
        options.FixedCaptureIntervalSeconds = 1e9;
        options.PositionReportIntervalSeconds = 10;
        var sim = new FleetSimulator(options, sink, TestWorld.Lize);
        var t0 = TestWorld.Wednesday(9);
        await sim.StepAsync(t0);
        await sim.StepAsync(t0.AddHours(1));

        var reports = sink.Telemetry.Where(t => t.DeviceId == options.PatrolDeviceId && t.Type == TelemetryTypes.Position)
            .Select(t => (PositionReport)t.Body).ToList();
        Assert.True(reports.Count >= 360, $"one report per 10 s, got {reports.Count}");
        Assert.All(reports, r => Assert.InRange(r.SpeedKmh, 20, 30));
        Assert.True(reports.Select(r => Math.Round(r.SpeedKmh)).Distinct().Count() >= 4, "the speed varies");

        // an hour at 20–30 km/h: 20–30 km driven, and consecutive fixes no further apart than 30 km/h allows
        Assert.InRange(sim.Patrol.DistanceDrivenMeters, 20_000, 30_000);
        for (var i = 1; i < reports.Count; i++)
        {
            var seconds = (reports[i].Ts - reports[i - 1].Ts).TotalSeconds;
            var metres = new Contracts.Geo.GeoPoint(reports[i].Lon, reports[i].Lat).DistanceTo(new(reports[i - 1].Lon, reports[i - 1].Lat));
            Assert.True(metres <= 30 / 3.6 * seconds + 1, $"jumped {metres:F0} m in {seconds} s");
        }
    }
}
