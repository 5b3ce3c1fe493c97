
namespace Yunbao.Application.Ports;

/// <summary>Where heatmap pyramids go (Blob `heatmaps/{layer}/{window}/{z}/{x}/{y}.png`).</summary>
// Tiles and documents are derived data a single rollup owns: writes overwrite on purpose and carry no ETag.
public interface IHeatmapStore
{
    Task WriteTileAsync(string layer, string window, int z, int x, int y, ReadOnlyMemory<byte> png, CancellationToken ct);
    Task<ReadOnlyMemory<byte>?> ReadTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct);
    Task WriteDocumentAsync(string path, string json, CancellationToken ct);
    Task<string?> ReadDocumentAsync(string path, CancellationToken ct);
    /// <summary>
    /// Removes a tile a previous rollup wrote that has no heat any more. Idempotent (a missing tile is fine).
    /// The default overwrites it with a transparent tile; stores that can delete should override this.
    /// </summary>
    Task DeleteTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct) =>
        WriteTileAsync(layer, window, z, x, y, Yunbao.Domain.Heatmaps.TransparentTile.Png, ct);
}
