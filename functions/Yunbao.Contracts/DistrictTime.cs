namespace Yunbao.Contracts;

/// <summary>
/// The district's wall clock. Rules (active hours), the simulator's day and the runner's display all read local time
/// through here, so a host without time-zone data still gets Beijing time right (China has kept UTC+8 without
/// daylight saving since 1991).
/// </summary>
public static class DistrictTime
{
    public const string DefaultZoneId = "Asia/Shanghai";

    /// <summary>China Standard Time, UTC+8.</summary>
    public static TimeSpan BeijingOffset { get; } = TimeSpan.FromHours(8);

    public static TimeZoneInfo Beijing { get; } = Resolve(DefaultZoneId);

    /// <summary>An IANA or Windows zone; Asia/Shanghai (or China Standard Time) falls back to a fixed UTC+8 zone when the host lacks tz data.</summary>
    public static TimeZoneInfo Resolve(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            if (id is DefaultZoneId or "China Standard Time")
                return TimeZoneInfo.CreateCustomTimeZone(id, BeijingOffset, id, id);
            throw new InvalidOperationException($"Time zone '{id}' (District:TimeZone) is not known on this host.", e);
        }
    }

    public static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The local time of day in fractional hours (10:30 → 10.5).</summary>
    public static double LocalHour(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).TimeOfDay.TotalHours;

    /// <summary>The instant of a local date at a fractional local hour.</summary>
    public static DateTimeOffset At(DateOnly date, double hour, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddHours(hour);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary><paramref name="at"/> as Beijing wall-clock time.</summary>
    public static DateTimeOffset InBeijing(DateTimeOffset at) => at.ToOffset(BeijingOffset);
}
