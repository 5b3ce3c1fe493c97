using System.Text.Json;
using System.Text.Json.Serialization;

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
