using System.Net;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Storage;

/// <summary>Heatmap tiles and documents in the `heatmaps` container: `{layer}/{window}/{z}/{x}/{y}.png`, TileJSON and manifests.</summary>
public sealed class BlobHeatmapStore(BlobContainerClient heatmaps) : IHeatmapStore
{
    /// <summary>Tiles change at most once per rollup; browsers and CDNs may keep them a few minutes.</summary>
    public const string TileCacheControl = "public, max-age=300";
    /// <summary>TileJSON and manifests say what is current: keep them short-lived.</summary>
    public const string DocumentCacheControl = "public, max-age=60";

    public static string TilePath(string layer, string window, int z, int x, int y) =>
        $"{CheckSegment(layer, nameof(layer))}/{CheckSegment(window, nameof(window))}/{z}/{x}/{y}.png";

    public Task WriteTileAsync(string layer, string window, int z, int x, int y, ReadOnlyMemory<byte> png, CancellationToken ct) =>
        heatmaps.GetBlobClient(TilePath(layer, window, z, x, y)).UploadAsync(BinaryData.FromBytes(png), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "image/png", CacheControl = TileCacheControl },
        }, ct);

    public async Task<ReadOnlyMemory<byte>?> ReadTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct) =>
        // Explicit nullable: a bare null would convert to an empty ReadOnlyMemory through its array conversion.
        await ReadOrNullAsync(TilePath(layer, window, z, x, y), ct) is { } data ? data.ToMemory() : (ReadOnlyMemory<byte>?)null;

    /// <summary>Deletes a tile that has gone cold; a tile already gone is fine (the rollup may retry a clean-up).</summary>
    public Task DeleteTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct) =>
        heatmaps.GetBlobClient(TilePath(layer, window, z, x, y)).DeleteIfExistsAsync(cancellationToken: ct);

    public Task WriteDocumentAsync(string path, string json, CancellationToken ct) =>
        heatmaps.GetBlobClient(CheckPath(path)).UploadAsync(BinaryData.FromString(json), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8", CacheControl = DocumentCacheControl },
        }, ct);

    public async Task<string?> ReadDocumentAsync(string path, CancellationToken ct) =>
        await ReadOrNullAsync(CheckPath(path), ct) is { } data ? Encoding.UTF8.GetString(data.ToMemory().Span) : null;

    private async Task<BinaryData?> ReadOrNullAsync(string path, CancellationToken ct)
    {
        try { return (await heatmaps.GetBlobClient(path).DownloadContentAsync(ct)).Value.Content; }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound) { return null; }
    }

    // Layer names may contain "/" (e.g. "category/road-damage"), but never an empty or ".." segment.
    private static string CheckSegment(string value, string name)
    {
        CheckPath(value, name);
        return value;
    }

    private static string CheckPath(string path, string name = "path")
    {
        if (string.IsNullOrWhiteSpace(path) || path.Split('/').Any(s => s.Length == 0 || s is "." or ".."))
            throw new ArgumentException($"'{path}' is not a valid heatmap {name}.", name);
        return path;
    }
}
