using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Heatmaps;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>Heatmap tiles (XYZ, 256 px PNG), TileJSON per pyramid and the manifest, as RollupHeatmaps wrote them.</summary>
public sealed class HeatmapsApi(IHeatmapStore store, CategoryCatalog catalog, IOptions<HeatmapOptions> heatmaps, IOptions<DistrictOptions> district, HttpApi api)
{
    [Function("GetHeatmapTile")]
    public Task<IActionResult> Tile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "heatmaps/{layer}/{window}/{z}/{x}/{y}.png")] HttpRequest req,
        string layer, string window, string z, string x, string y, CancellationToken ct) =>
        api.HandleAsync(req, async () =>
        {
            var errors = CheckPyramid(layer, window);
            var tile = CheckTile(z, x, y, errors);
            if (errors.Count > 0) return Problems.Validation(req, errors);
            var png = await store.ReadTileAsync(layer, window, tile.Z, tile.X, tile.Y, ct);
            // Absent tiles are transparent, not 404: a map asks for every tile in view, and only tiles with heat are stored.
            return ApiResult.Png(png ?? TransparentTile.Png).WithHeader("Cache-Control", "public, max-age=60");
        });

    [Function("GetHeatmapTileJson")]
    public Task<IActionResult> TileJson([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "heatmaps/{layer}/{window}/tilejson.json")] HttpRequest req,
        string layer, string window, CancellationToken ct) =>
        api.HandleAsync(req, async () =>
        {
            var errors = CheckPyramid(layer, window);
            if (errors.Count > 0) return Problems.Validation(req, errors);
            // Before the first rollup there is no stored document; the pyramid still exists (all transparent).
            var json = await store.ReadDocumentAsync(HeatmapDocuments.TileJsonPath(layer, window), ct)
                ?? HeatmapDocuments.Serialize(HeatmapDocuments.BuildTileJson(layer, layer, window, district.Value.Name, heatmaps.Value.TileBaseUrl,
                    heatmaps.Value.MinZoom, heatmaps.Value.MaxZoom, district.Value.Bounds, heatmaps.Value.KernelRadiusMeters, simulated: false));
            return Json(json);
        });

    [Function("GetHeatmapManifest")]
    public Task<IActionResult> Manifest([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "heatmaps/manifest.json")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async () => await store.ReadDocumentAsync(HeatmapDocuments.ManifestPath, ct) is { } json
            ? Json(json)
            : Problems.NotFound(req, "No heatmap has been rolled up yet: the RollupHeatmaps timer writes the manifest."));

    private Dictionary<string, string[]> CheckPyramid(string layer, string window)
    {
        var errors = new Dictionary<string, string[]>();
        if (!HeatmapLayers.IsLayer(catalog, layer))
            RequestParsing.Add(errors, "layer", $"Unknown layer '{layer}': use all, a category code, or source-<source>.");
        if (!HeatmapLayers.TryGetWindow(window, out _))
            RequestParsing.Add(errors, "window", $"Unknown window '{window}': use {string.Join(", ", HeatmapLayers.Windows.Select(w => w.Name))}.");
        return errors;
    }

    private (int Z, int X, int Y) CheckTile(string z, string x, string y, Dictionary<string, string[]> errors)
    {
        var (min, max) = (heatmaps.Value.MinZoom, heatmaps.Value.MaxZoom);
        if (!int.TryParse(z, out var zi) || zi < min || zi > max)
        {
            RequestParsing.Add(errors, "z", $"Zoom must be a whole number from {min} to {max}.");
            return default;
        }
        var n = 1 << zi;
        if (!int.TryParse(x, out var xi) || xi < 0 || xi >= n) RequestParsing.Add(errors, "x", $"Expected 0 to {n - 1} at zoom {zi}.");
        if (!int.TryParse(y, out var yi) || yi < 0 || yi >= n) RequestParsing.Add(errors, "y", $"Expected 0 to {n - 1} at zoom {zi}.");
        return (zi, xi, yi);
    }

    private static ApiResult Json(string json) => new(StatusCodes.Status200OK, Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8");
}
