using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Operations;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.WorkOrders;
using Yunbao.Contracts;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Heatmaps;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>What the dispatcher's console reads beside the orders: stewards' presence, whom to send, hot spots and the numbers.</summary>
public sealed class ConsoleApi(StewardRoster roster, OrderStatistics statistics, HotspotService hotspots, WorkOrderQueries workOrders,
    CategoryCatalog catalog, HttpApi api, IOptions<DistrictOptions> district, TimeProvider clock)
{
    /// <summary>The longest range one statistics request may cover.</summary>
    public static readonly TimeSpan MaxStatisticsRange = TimeSpan.FromDays(31);

    [Function("ListStewards")]
    public Task<IActionResult> Stewards([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stewards")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async _ =>
            ApiResult.Json(new { items = (await roster.ListAsync(district.Value.DistrictId, ct)).Select(StewardPresenceResource.From).ToList(), now = clock.GetUtcNow() }),
            Roles.Dispatcher, Roles.Operator);

    [Function("SuggestStewards")]
    public Task<IActionResult> Suggest([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workorders/{id}/suggestions")] HttpRequest req, string id, CancellationToken ct) =>
        api.HandleAsync(req, async _ =>
        {
            RequestParsing.RequireIds((id, "id"));
            if (await workOrders.GetAsync(district.Value.DistrictId, id, ct) is not { } order) return Problems.NotFound(req, $"No work order {id} in district {district.Value.DistrictId}.");
            return ApiResult.Json(new { items = (await roster.SuggestAsync(order, 3, ct)).Select(StewardSuggestionResource.From).ToList() });
        }, Roles.Dispatcher);

    [Function("GetStatistics")]
    public Task<IActionResult> Statistics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "statistics")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async _ =>
        {
            var errors = new Dictionary<string, string[]>();
            if (ParseRange(req.Query, errors) is not { } range) return Problems.Validation(req, errors);
            return ApiResult.Json(await statistics.ComputeAsync(district.Value.DistrictId, range.From, range.To, ct));
        }, Roles.Dispatcher, Roles.Operator);

    [Function("GetHotspots")]
    public Task<IActionResult> Hotspots([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hotspots")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            var errors = new Dictionary<string, string[]>();
            var layer = req.Query["layer"].ToString() is { Length: > 0 } l ? l : HeatmapLayers.All;
            var window = req.Query["window"].ToString() is { Length: > 0 } w ? w : HeatmapLayers.Last24Hours.Name;
            if (!HeatmapLayers.IsLayer(catalog, layer)) RequestParsing.Add(errors, "layer", "Unknown layer: use all, a category code, or source-<source>.");
            if (!HeatmapLayers.TryGetWindow(window, out _)) RequestParsing.Add(errors, "window", $"Use {string.Join(", ", HeatmapLayers.Windows.Select(x => x.Name))}.");
            var cell = 100.0;
            if (req.Query["cellSize"].ToString() is { Length: > 0 } c && (!double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out cell) || cell is < 25 or > 1000))
                RequestParsing.Add(errors, "cellSize", "Expected metres from 25 to 1000.");
            if (errors.Count > 0) return Problems.Validation(req, errors);
            var result = await hotspots.AnalyzeAsync(new HotspotQuery { DistrictId = district.Value.DistrictId, Layer = layer, Window = window, CellSizeMeters = cell }, ct);
            return ApiResult.Json(HotspotsResource.From(layer, window, result));
        }, Roles.Dispatcher, Roles.Operator);

    /// <summary>`period=today|week` (district-local calendar, week from Monday) or `from`/`to` as ISO 8601 times, at most 31 days.</summary>
    private (DateTimeOffset From, DateTimeOffset To)? ParseRange(IQueryCollection q, Dictionary<string, string[]> errors)
    {
        var now = clock.GetUtcNow();
        var zone = DistrictTime.Resolve(district.Value.TimeZone);
        var today = DistrictTime.LocalDate(now, zone);
        switch (q["period"].ToString())
        {
            case "today": return (DistrictTime.At(today, 0, zone), now);
            case "week": return (DistrictTime.At(today.AddDays(-(((int)today.DayOfWeek + 6) % 7)), 0, zone), now);
            case "": break;
            default: RequestParsing.Add(errors, "period", "Use today or week, or give from and to."); return null;
        }
        DateTimeOffset? Time(string name)
        {
            if (q[name].ToString() is not { Length: > 0 } text) { RequestParsing.Add(errors, name, "Required (or give period=today|week)."); return null; }
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return t;
            RequestParsing.Add(errors, name, "Expected an ISO 8601 time, e.g. 2026-11-25T00:00:00+08:00.");
            return null;
        }
        var (from, to) = (Time("from"), Time("to"));
        if (from is null || to is null) return null;
        if (to <= from || to - from > MaxStatisticsRange)
        {
            RequestParsing.Add(errors, "to", $"Must be after from, at most {MaxStatisticsRange.TotalDays} days later.");
            return null;
        }
        return (from.Value, to.Value);
    }
}
