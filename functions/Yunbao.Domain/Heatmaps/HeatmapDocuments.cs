using System.Text.Json;
using System.Text.Json.Serialization;
using Yunbao.Domain.Geo;
using Yunbao.Contracts;

namespace Yunbao.Domain.Heatmaps;

public static class HeatmapDocuments
{
    public const string ManifestPath = "manifest.json";

    public static string TileJsonPath(string layer, string window) => $"{layer}/{window}/tilejson.json";

    /// <summary>"{base}/{layer}/{window}/{z}/{x}/{y}.png" with the placeholders {z}/{x}/{y} left for the map client.</summary>
    public static string TileUrlTemplate(string baseUrl, string layer, string window) =>
        $"{baseUrl.TrimEnd('/')}/{Uri.EscapeDataString(layer)}/{Uri.EscapeDataString(window)}/{{z}}/{{x}}/{{y}}.png";

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

    public static string Serialize(TileJson doc) => JsonSerializer.Serialize(doc, YunbaoJson.Options);

    public static string Serialize(HeatmapManifest doc) => JsonSerializer.Serialize(doc, YunbaoJson.Options);

    public static TileJson? DeserializeTileJson(string json) => JsonSerializer.Deserialize<TileJson>(json, YunbaoJson.Options);

    public static HeatmapManifest? DeserializeManifest(string json) => JsonSerializer.Deserialize<HeatmapManifest>(json, YunbaoJson.Options);
}
