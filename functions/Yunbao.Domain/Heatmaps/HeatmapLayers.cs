using Yunbao.Contracts.Frames;
using Yunbao.Domain.Catalog;

namespace Yunbao.Domain.Heatmaps;

/// <summary>The layers and windows a heatmap pyramid exists for; names appear in tile URLs.</summary>
public static class HeatmapLayers
{
    public const string All = "all";
    public const string SourcePrefix = "source-";

    public static readonly HeatmapWindow Last24Hours = new("24h", TimeSpan.FromHours(24));
    public static readonly HeatmapWindow Last7Days = new("7d", TimeSpan.FromDays(7));
    public static readonly HeatmapWindow Last30Days = new("30d", TimeSpan.FromDays(30));

    public static IReadOnlyList<HeatmapWindow> Windows { get; } = [Last24Hours, Last7Days, Last30Days];

    /// <summary>The longest window: the rollup reads incidents this far back.</summary>
    public static TimeSpan LongestWindow => Windows.Max(w => w.Length);

    /// <summary>Layer name of an event source, e.g. "source-patrolvehicle".</summary>
    public static string SourceLayerName(EventSource source) => SourcePrefix + source.ToString().ToLowerInvariant();

    /// <summary>"all", then one layer per catalog category (its code), then one per event source.</summary>
    public static IReadOnlyList<HeatmapLayer> For(CategoryCatalog catalog)
    {
        var layers = new List<HeatmapLayer> { new(All, "All incidents", _ => true) };
        foreach (var category in catalog.All)
        {
            var code = category.Code;
            layers.Add(new HeatmapLayer(code, $"{category.NameEn} ({category.NameZh})", i => string.Equals(i.CategoryCode, code, StringComparison.Ordinal)));
        }
        foreach (var source in Enum.GetValues<EventSource>())
            layers.Add(new HeatmapLayer(SourceLayerName(source), $"Incidents reported by {SourceLabel(source)}", i => i.Source == source));
        return layers;
    }

    public static bool TryGetWindow(string name, out HeatmapWindow window)
    {
        window = Windows.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.Ordinal))!;
        return window is not null;
    }

    /// <summary>True for a layer name this catalog produces (for validating tile requests).</summary>
    public static bool IsLayer(CategoryCatalog catalog, string name) =>
        name == All
        || catalog.TryGet(name, out _)
        || Enum.GetValues<EventSource>().Any(s => SourceLayerName(s) == name);

    private static string SourceLabel(EventSource source) => source switch
    {
        EventSource.PatrolVehicle => "patrol vehicles",
        EventSource.FixedCamera => "fixed cameras",
        EventSource.Sensor => "environmental sensors",
        EventSource.Citizen => "citizens",
        EventSource.Steward => "stewards",
        _ => source.ToString(),
    };
}
