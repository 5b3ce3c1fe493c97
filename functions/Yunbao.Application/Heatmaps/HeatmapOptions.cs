
namespace Yunbao.Application.Heatmaps;

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
