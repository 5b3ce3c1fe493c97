using Yunbao.Contracts;
using Yunbao.Domain.Geo;

namespace Yunbao.Application;

/// <summary>The district this deployment serves. Bound from configuration section "District".</summary>
public sealed class DistrictOptions
{
    public const string Section = "District";
    public string DistrictId { get; set; } = "lize";
    public string Name { get; set; } = "Lize Financial Business District";
    /// <summary>west,south,east,north</summary>
    public double West { get; set; } = 116.295;
    public double South { get; set; } = 39.855;
    public double East { get; set; } = 116.325;
    public double North { get; set; } = 39.875;
    /// <summary>IANA zone for time-of-day rules.</summary>
    public string TimeZone { get; set; } = DistrictTime.DefaultZoneId;
    /// <summary>Verified orders are closed by the SLA sweep this many minutes after verification (0 = close at the next sweep; negative = never, a dispatcher closes).</summary>
    public int AutoCloseVerifiedAfterMinutes { get; set; } = 30;
    public GeoBounds Bounds => new(West, South, East, North);

    /// <summary>
    /// How far outside <see cref="Bounds"/> a point still counts as the district's: about 500 m at Lize's latitude, so a
    /// GNSS fix or a tap just across the boundary street is accepted. The one margin for HTTP bodies and device telemetry.
    /// </summary>
    public const double BoundsMarginDegrees = 0.005;
}
