using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Yunbao.Domain.Heatmaps;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Functions;

/// <summary>Heatmap tiles (XYZ, 256 px PNG), TileJSON per pyramid and the manifest, as written by RollupHeatmaps.</summary>
public sealed class HeatmapsApi(HeatmapRollupService heatmaps, HttpApi api)
{
    [Function("GetHeatmapTile")]
    public Task<IActionResult> Tile([HttpTrigger(AuthorizationLevel.Function, "get", Route = "heatmaps/{layer}/{window}/{z}/{x}/{y}.png")] HttpRequest req,
        string layer, string window, string z, string x, string y, CancellationToken ct) =>
        api.HandleAsync(req, async () =>
        {
            var errors = new Dictionary<string, string[]>();
            CheckPyramid(layer, window, errors);
            if (!int.TryParse(z, out var zi) || zi < heatmaps.MinZoom || zi > heatmaps.MaxZoom)
                RequestParsing.Add(errors, "z", $"Zoom must be {heatmaps.MinZoom}-{heatmaps.MaxZoom}.");
            else
            {
                var max = 1 << zi;
                if (!int.TryParse(x, out var xi0) || xi0 < 0 || xi0 >= max) RequestParsing.Add(errors, "x", $"Expected 0-{max - 1} at zoom {zi}.");
                if (!int.TryParse(y, out var yi0) || yi0 < 0 || yi0 >= max) RequestParsing.Add(errors, "y", $"Expected 0-{max - 1} at zoom {zi}.");
            }
            if (errors.Count > 0) return Problems.Validation(req, errors);

            var png = await heatmaps.ReadTileAsync(layer, window, zi, int.Parse(x), int.Parse(y), ct);
            // Absent tiles are transparent, not 404: a map asks for every tile in view.
            return ApiResult.Png(png ?? TransparentTile.Png).WithHeader("Cache-Control", "public, max-age=60");
        });

    [Function("GetHeatmapTileJson")]
    public Task<IActionResult> TileJson([HttpTrigger(AuthorizationLevel.Function, "get", Route = "heatmaps/{layer}/{window}/tilejson.json")] HttpRequest req,
        string layer, string window, CancellationToken ct) =>
        api.HandleAsync(req, async () =>
        {
            var errors = new Dictionary<string, string[]>();
            CheckPyramid(layer, window, errors);
            if (errors.Count > 0) return Problems.Validation(req, errors);
            return Json(await heatmaps.GetTileJsonAsync(layer, window, ct));
        });

    [Function("GetHeatmapManifest")]
    public Task<IActionResult> Manifest([HttpTrigger(AuthorizationLevel.Function, "get", Route = "heatmaps/manifest.json")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async () => await heatmaps.ReadManifestAsync(ct) is { } json
            ? Json(json)
            : Problems.NotFound(req, "No heatmap has been rolled up yet: the RollupHeatmaps timer writes the manifest."));

    private void CheckPyramid(string layer, string window, Dictionary<string, string[]> errors)
    {
        if (!heatmaps.Layers.Contains(layer)) RequestParsing.Add(errors, "layer", $"Unknown layer '{layer}'; use one of {string.Join(", ", heatmaps.Layers)}.");
        if (!heatmaps.Windows.Contains(window)) RequestParsing.Add(errors, "window", $"Unknown window '{window}'; use one of {string.Join(", ", heatmaps.Windows)}.");
    }

    private static ApiResult Json(string json) => new(StatusCodes.Status200OK, Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8");
}
