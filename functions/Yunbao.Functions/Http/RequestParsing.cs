using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Yunbao.Contracts.Geo;
using Yunbao.Application.Ports;
using Yunbao.Domain.Geo;
using Yunbao.Domain.WorkOrders;
using Yunbao.Contracts;

namespace Yunbao.Functions.Http;

/// <summary>Turns query strings and bodies into domain requests, collecting every invalid field (for one 400).</summary>
public static class RequestParsing
{
    public const int MaxPageSize = 200;

    public static WorkOrderQuery? ParseWorkOrderQuery(IQueryCollection q, string districtId, Dictionary<string, string[]> errors)
    {
        var statuses = new List<WorkOrderStatus>();
        foreach (var s in Split(q["status"]))
        {
            if (YunbaoJson.TryParseEnum<WorkOrderStatus>(s, out var st)) statuses.Add(st);
            else Add(errors, "status", $"'{s}' is not a status; use {string.Join(", ", Enum.GetValues<WorkOrderStatus>().Select(YunbaoJson.EnumText))}.");
        }

        GeoBounds? bounds = null;
        if (q["bbox"].ToString() is { Length: > 0 } bbox)
        {
            if (GeoBounds.TryParse(bbox, out var b)) bounds = b;
            else Add(errors, "bbox", "Expected west,south,east,north in degrees, west <= east and south <= north.");
        }

        DateTimeOffset? since = null;
        if (q["since"].ToString() is { Length: > 0 } sinceText)
        {
            if (DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) since = t;
            else Add(errors, "since", "Expected an ISO 8601 time, e.g. 2026-11-25T08:00:00Z.");
        }

        var pageSize = 50;
        if (q["pageSize"].ToString() is { Length: > 0 } ps && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
            Add(errors, "pageSize", $"Expected a whole number from 1 to {MaxPageSize}.");

        if (errors.Count > 0) return null;
        return new WorkOrderQuery
        {
            DistrictId = districtId,
            Statuses = statuses,
            CategoryCode = Empty(q["category"]),
            StewardId = Empty(q["stewardId"]),
            Bounds = bounds,
            Since = since,
            PageSize = pageSize,
            ContinuationToken = Empty(q["continuationToken"]),
        };
    }

    /// <summary>Reads a JSON body; adds a "body" error and returns default when it is missing or not JSON of that shape.</summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpRequest request, Dictionary<string, string[]> errors, CancellationToken ct) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, YunbaoJson.Options, ct);
            if (value is null) Add(errors, "body", "A JSON object is required.");
            return value;
        }
        catch (JsonException e)
        {
            Add(errors, "body", "The body is not valid JSON for this request: " + e.Message);
            return null;
        }
    }

    public static GeoPoint? ParsePoint(double? lon, double? lat, Dictionary<string, string[]> errors, bool required)
    {
        if (lon is null && lat is null)
        {
            if (required) { Add(errors, "lon", "Required."); Add(errors, "lat", "Required."); }
            return null;
        }
        if (lon is not (>= -180 and <= 180)) Add(errors, "lon", "Expected a longitude from -180 to 180.");
        if (lat is not (>= -90 and <= 90)) Add(errors, "lat", "Expected a latitude from -90 to 90.");
        return lon is (>= -180 and <= 180) && lat is (>= -90 and <= 90) ? new GeoPoint(lon.Value, lat.Value) : null;
    }

    public static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    private static IEnumerable<string> Split(Microsoft.Extensions.Primitives.StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string? Empty(Microsoft.Extensions.Primitives.StringValues v) => v.ToString() is { Length: > 0 } s ? s : null;

    /// <summary>The URL of the next page: the same query with the new continuation token.</summary>
    public static string NextLink(HttpRequest request, string continuationToken)
    {
        var pairs = request.Query.Where(kv => kv.Key != "continuationToken")
            .SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v)))
            .Append(new KeyValuePair<string, string?>("continuationToken", continuationToken));
        return request.PathBase + request.Path + QueryString.Create(pairs);
    }
}
