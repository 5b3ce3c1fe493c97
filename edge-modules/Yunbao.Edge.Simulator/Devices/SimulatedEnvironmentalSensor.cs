using Yunbao.Contracts;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Telemetry;
using Yunbao.Edge.Simulator.Geometry;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Devices;

/// <summary>
/// PM2.5, PM10 and noise at a roadside station: a day's pollution level (seeded), the traffic's daily rhythm,
/// more dust and noise beside a construction site in working hours, rain washing the air, and jitter.
/// </summary>
public sealed class SimulatedEnvironmentalSensor(string deviceId, GeoPoint position, bool besideConstruction, int seed, WorldModel world) : ISimulatedStation
{
    public string DeviceId { get; } = deviceId;
    public GeoPoint Position { get; } = position;

    public IReadOnlyDictionary<string, double> Read(DateTimeOffset at)
    {
        var date = DistrictTime.LocalDate(at, world.Zone);
        var hour = DistrictTime.LocalHour(at, world.Zone);
        var weekday = date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        var day = SeededRandom.For(seed, "air-quality", date.DayNumber);
        var dayPm = day.Range(15, 95);                                            // clean to hazy days
        var jitter = SeededRandom.For(seed, $"{DeviceId}/reading", at.ToUnixTimeSeconds() / 60);
        var rush = Bump(hour, 8, 1.2) + Bump(hour, 18, 1.5);                     // 0..1 around the rush hours
        var working = besideConstruction && weekday && hour is >= 8 and < 18;
        var rain = world.WeatherOn(date).IsRainingAt(at) ? 0.5 : 1.0;

        var pm25 = Math.Max(3, (dayPm * (0.85 + 0.3 * rush) + (working ? 12 : 0)) * rain + jitter.Gaussian() * 4);
        var pm10 = Math.Max(pm25 * 1.1, pm25 * 1.55 + (working ? 45 : 0) * rain + jitter.Gaussian() * 6);
        var night = hour < 6 || hour >= 22;
        var noise = (night ? 52 : 62) + 5 * rush + (working ? 9 : 0) + jitter.Gaussian() * 1.5;
        return new Dictionary<string, double>
        {
            [SensorMetrics.Pm25] = Math.Round(pm25, 1),
            [SensorMetrics.Pm10] = Math.Round(pm10, 1),
            [SensorMetrics.NoiseDb] = Math.Round(noise, 1),
        };
    }

    private static double Bump(double hour, double centre, double width) => Math.Exp(-Math.Pow((hour - centre) / width, 2));
}
