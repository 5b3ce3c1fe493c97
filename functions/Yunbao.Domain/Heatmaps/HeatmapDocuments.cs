using System.Text.Json;
using System.Text.Json.Serialization;
using Yunbao.Domain.Geo;

namespace Yunbao.Domain.Heatmaps;

/// <summary>A TileJSON 3.0.0 document (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) for one pyramid.</summary>
public sealed record TileJson
{
    [JsonPropertyName("tilejson")] public string Version { get; init; } = "3.0.0";
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("attribution")] public required string Attribution { get; init; }
    [JsonPropertyName("scheme")] public string Scheme { get; init; } = "xyz";
    [JsonPropertyName("tiles")] public required IReadOnlyList<string> Tiles { get; init; }
    [JsonPropertyName("minzoom")] public required int MinZoom { get; init; }
    [JsonPropertyName("maxzoom")] public required int MaxZoom { get; init; }
    /// <summary>[west, south, east, north]</summary>
    [JsonPropertyName("bounds")] public required IReadOnlyList<double> Bounds { get; init; }
    /// <summary>[lon, lat, zoom]</summary>
    [JsonPropertyName("center")] public required IReadOnlyList<double> Center { get; init; }
}

/// <summary>What one rollup wrote: read by the API and dashboard, and by the next rollup to remove stale tiles.</summary>
public sealed record HeatmapManifest
{
    public required string DistrictId { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    /// <summary>True when any counted incident came from the simulation detector or simulated devices.</summary>
    public required bool Simulated { get; init; }
    public required int MinZoom { get; init; }
    public required int MaxZoom { get; init; }
    public required double KernelRadiusMeters { get; init; }
    public string Kernel { get; init; } = "quartic";
    public string IntensityUnit { get; init; } = "incidents per km²";
    public required bool WeightBySeverity { get; init; }
    public required IReadOnlyList<string> Windows { get; init; }
    public required IReadOnlyList<string> Layers { get; init; }
    /// <summary>Incidents in the longest window over all layers.</summary>
    public required int IncidentsCounted { get; init; }
    public required int TilesWritten { get; init; }
    public required double MaxIntensity { get; init; }
    public required IReadOnlyList<HeatmapPyramidEntry> Pyramids { get; init; }

    public HeatmapPyramidEntry? Find(string layer, string window) =>
        Pyramids.FirstOrDefault(p => p.Layer == layer && p.Window == window);
}

/// <summary>One layer × window pyramid in the manifest.</summary>
public sealed record HeatmapPyramidEntry
{
    public required string Layer { get; init; }
    public required string Window { get; init; }
    public required int Incidents { get; init; }
    public required bool Simulated { get; init; }
    /// <summary>The intensity drawn as full red, per zoom ("12" → value): colours compare across the tiles of a zoom.</summary>
    public required IReadOnlyDictionary<string, double> MaxIntensityByZoom { get; init; }
    /// <summary>Tiles written, as "z/x/y", sorted. A tile not listed is transparent.</summary>
    public required IReadOnlyList<string> Tiles { get; init; }
    /// <summary>Tiles an earlier run wrote that this run is removing; present only while the removal is unfinished.</summary>
    public IReadOnlyList<string>? StaleTiles { get; init; }
    /// <summary>
    /// Hash of everything this pyramid's tiles and TileJSON are drawn from (its incidents, kernel, zooms, bounds, URLs).
    /// A later rollup whose inputs hash the same keeps this pyramid as it is instead of drawing it again. Null while the
    /// pyramid is being (re)drawn, so a run that dies halfway never leaves a fingerprint on half-written tiles.
    /// </summary>
    public string? Fingerprint { get; init; }
    public string TileJsonPath => HeatmapDocuments.TileJsonPath(Layer, Window);
}

public static class HeatmapDocuments
{
    public const string ManifestPath = "manifest.json";

    public static string TileJsonPath(string layer, string window) => $"{layer}/{window}/tilejson.json";

    /// <summary>"{base}/{layer}/{window}/{z}/{x}/{y}.png" with the placeholders {z}/{x}/{y} left for the map client.</summary>
    public static string TileUrlTemplate(string baseUrl, string layer, string window) =>
        $"{baseUrl.TrimEnd('/')}/{Uri.EscapeDataString(layer)}/{Uri.EscapeDataString(window)}/{{z}}/{{x}}/{{y}}.png";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static TileJson BuildTileJson(
        string layer, string layerDescription, string window, string districtName,
        string baseUrl, int minZoom, int maxZoom, GeoBounds bounds, double kernelRadiusMeters, bool simulated)
    {
        var attribution = $"Yunbao incident reports, {districtName}";
        if (simulated)
            attribution += " — SIMULATED DATA (simulation detector / simulated devices), not real observations";
        return new TileJson
        {
            Name = $"Yunbao heatmap {layer} {window}",
            Description = $"Kernel density of {layerDescription.ToLowerInvariant()} in {districtName}, last {window}; " +
                          $"quartic kernel of {kernelRadiusMeters.ToString(System.Globalization.CultureInfo.InvariantCulture)} m; " +
                          "colours are normalised per zoom (see manifest.json).",
            Attribution = attribution,
            Tiles = [TileUrlTemplate(baseUrl, layer, window)],
            MinZoom = minZoom,
            MaxZoom = maxZoom,
            Bounds = [bounds.West, bounds.South, bounds.East, bounds.North],
            Center = [(bounds.West + bounds.East) / 2, (bounds.South + bounds.North) / 2, (minZoom + maxZoom) / 2],
        };
    }

    public static string Serialize(TileJson doc) => JsonSerializer.Serialize(doc, JsonOptions);

    public static string Serialize(HeatmapManifest doc) => JsonSerializer.Serialize(doc, JsonOptions);

    public static TileJson? DeserializeTileJson(string json) => JsonSerializer.Deserialize<TileJson>(json, JsonOptions);

    public static HeatmapManifest? DeserializeManifest(string json) => JsonSerializer.Deserialize<HeatmapManifest>(json, JsonOptions);
}
