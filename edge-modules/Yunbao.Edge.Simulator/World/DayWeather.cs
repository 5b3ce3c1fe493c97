using Yunbao.Contracts;
using Yunbao.Edge.Simulator.Geometry;

namespace Yunbao.Edge.Simulator.World;

/// <summary>One local day's weather: laundry hangs out on sunny mornings, roads flood after rain.</summary>
public sealed record DayWeather(DateOnly Date, Sky Sky, DateTimeOffset? RainStart, DateTimeOffset? RainEnd, double RainMmPerHour)
{
    public bool IsRainingAt(DateTimeOffset t) => RainStart is { } s && RainEnd is { } e && t >= s && t < e;

    internal static DayWeather For(int seed, DateOnly date, TimeZoneInfo zone)
    {
        var rng = SeededRandom.For(seed, "weather", date.DayNumber);
        var roll = rng.NextDouble();
        var sky = roll < 0.55 ? Sky.Sunny : roll < 0.82 ? Sky.Cloudy : Sky.Rain;
        if (sky != Sky.Rain) return new DayWeather(date, sky, null, null, 0);
        var start = DistrictTime.At(date, rng.Range(5, 20), zone);
        var end = start.AddHours(rng.Range(1, 4));
        return new DayWeather(date, sky, start, end, rng.Range(8, 35));
    }
}
