using Yunbao.Edge.Simulator.Geometry;

namespace Yunbao.Edge.Simulator.World;

public enum Sky { Sunny, Cloudy, Rain }

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
        var start = LocalClock.At(date, rng.Range(5, 20), zone);
        var end = start.AddHours(rng.Range(1, 4));
        return new DayWeather(date, sky, start, end, rng.Range(8, 35));
    }
}

/// <summary>Local-time helpers: the district lives in its own zone (Asia/Shanghai, no daylight saving).</summary>
public static class LocalClock
{
    public static TimeZoneInfo Resolve(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) when (id == "Asia/Shanghai")
        {
            // a container without tzdata: China has used a fixed +08:00 since 1991
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), id, id);
        }
    }

    public static DateOnly LocalDate(DateTimeOffset t, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime);

    public static double LocalHour(DateTimeOffset t, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(t, zone).TimeOfDay.TotalHours;

    /// <summary>The instant of a local date at a fractional local hour.</summary>
    public static DateTimeOffset At(DateOnly date, double hour, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddHours(hour);
        var offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
