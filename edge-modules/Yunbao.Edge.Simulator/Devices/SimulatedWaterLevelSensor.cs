using Yunbao.Contracts;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Telemetry;
using Yunbao.Edge.Simulator.Geometry;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Devices;

/// <summary>
/// Water on the road at a low point: rises while it rains (faster in heavy rain), drains after, zero otherwise.
/// </summary>
public sealed class SimulatedWaterLevelSensor(string deviceId, GeoPoint position, int seed, WorldModel world) : ISimulatedStation
{
    private const double DrainCmPerHour = 10;

    public string DeviceId { get; } = deviceId;
    public GeoPoint Position { get; } = position;

    public IReadOnlyDictionary<string, double> Read(DateTimeOffset at)
    {
        var level = 0.0;
        // rain that started yesterday evening may still be draining
        foreach (var date in new[] { DistrictTime.LocalDate(at, world.Zone).AddDays(-1), DistrictTime.LocalDate(at, world.Zone) })
        {
            var w = world.WeatherOn(date);
            if (w.RainStart is not { } start || w.RainEnd is not { } end || at < start) continue;
            var rising = (Min(at, end) - start).TotalHours;
            var peak = Math.Min(60, rising * w.RainMmPerHour * 0.4);            // a low point collects the water of the street around it
            var drained = at > end ? (at - end).TotalHours * DrainCmPerHour : 0;
            level = Math.Max(level, peak - drained);
        }
        var jitter = SeededRandom.For(seed, $"{DeviceId}/reading", at.ToUnixTimeSeconds() / 60).Gaussian() * 0.3;
        return new Dictionary<string, double> { [SensorMetrics.WaterLevelCm] = Math.Round(Math.Max(0, level + (level > 0 ? jitter : 0)), 1) };
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
