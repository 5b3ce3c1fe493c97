using Yunbao.Domain.Geo;

namespace Yunbao.Domain.Pipeline;

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
    public string TimeZone { get; set; } = "Asia/Shanghai";
    /// <summary>Verified orders are closed by the SLA sweep this many minutes after verification (0 = close at the next sweep; negative = never, a dispatcher closes).</summary>
    public int AutoCloseVerifiedAfterMinutes { get; set; } = 30;
    public GeoBounds Bounds => new(West, South, East, North);
}

/// <summary>Heatmap pyramid settings. Bound from configuration section "Heatmaps".</summary>
public sealed class HeatmapOptions
{
    public const string Section = "Heatmaps";
    public int MinZoom { get; set; } = 12;
    public int MaxZoom { get; set; } = 18;
    /// <summary>Kernel bandwidth in metres on the ground (kept constant across zooms).</summary>
    public double KernelRadiusMeters { get; set; } = 60;
    /// <summary>Public base URL tiles are served from (TileJSON "tiles"), e.g. "http://127.0.0.1:7071/api/heatmaps".</summary>
    public string TileBaseUrl { get; set; } = "/api/heatmaps";
    /// <summary>Weight each incident by its category's default severity (1..4) instead of counting each as 1.</summary>
    public bool WeightBySeverity { get; set; }
}
