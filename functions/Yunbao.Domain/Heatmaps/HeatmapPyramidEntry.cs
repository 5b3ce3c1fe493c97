using System.Text.Json;
using System.Text.Json.Serialization;

namespace Yunbao.Domain.Heatmaps;

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
    /// <summary>
    /// "z/x/y" → hash of the tile's pixels as stored. A rollup that draws this pyramid again skips encoding and writing
    /// a tile whose pixels hash the same (the stored PNG is already those pixels). Null while the pyramid is being redrawn.
    /// </summary>
    public IReadOnlyDictionary<string, string>? TileHashes { get; init; }
    public string TileJsonPath => HeatmapDocuments.TileJsonPath(Layer, Window);
}
