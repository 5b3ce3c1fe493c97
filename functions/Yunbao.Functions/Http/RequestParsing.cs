using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Yunbao.Application;
using Yunbao.Application.Ports;
using Yunbao.Contracts;
using Yunbao.Contracts.Validation;
using Yunbao.Domain.Geo;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Functions.Http;

/// <summary>
/// Turns query strings and bodies into domain requests, collecting every invalid field (for one 400), before any
/// storage call. Ids go through <see cref="Identifier"/>, sizes through <see cref="HttpLimits"/>, coordinates through
/// <see cref="DistrictGeo"/>, continuation tokens through <see cref="ContinuationTokens"/>.
/// </summary>
public static class RequestParsing
{
    public const int MaxPageSize = HttpLimits.MaxPageSize;

    private static readonly int StatusCount = Enum.GetValues<WorkOrderStatus>().Length;

    /// <summary>Throws <see cref="RequestRejectedException"/> (400) unless every id passes <see cref="Identifier"/>.</summary>
    public static void RequireIds(params (string? Value, string Field)[] ids)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (value, field) in ids)
            if (Identifier.Problem(value, field) is { } problem) Add(errors, field, problem);
        if (errors.Count > 0) throw RequestRejectedException.Invalid(errors);
    }

    /// <summary>
    /// The list query. <paramref name="stewardScope"/> is the calling steward's id: their query is always limited to
    /// their own orders, and asking for another steward's is 403.
    /// </summary>
    public static WorkOrderQuery? ParseWorkOrderQuery(IQueryCollection q, DistrictOptions district, string? stewardScope, Dictionary<string, string[]> errors)
    {
        var statuses = new List<WorkOrderStatus>();
        var rawStatuses = Split(q["status"]).ToList();
        if (rawStatuses.Count > StatusCount)
            Add(errors, "status", $"At most {StatusCount} statuses (there are {StatusCount}).");
        else
            foreach (var s in rawStatuses)
            {
                if (YunbaoJson.TryParseEnum<WorkOrderStatus>(s, out var st)) { if (!statuses.Contains(st)) statuses.Add(st); }
                else Add(errors, "status", $"'{Clip(s)}' is not a status; use {string.Join(", ", Enum.GetValues<WorkOrderStatus>().Select(YunbaoJson.EnumText))}.");
            }

        GeoBounds? bounds = null;
        if (Single(q, "bbox", errors) is { } bbox) bounds = DistrictGeo.ParseBbox(bbox, district.Bounds, errors);

        DateTimeOffset? since = null;
        if (Single(q, "since", errors) is { } sinceText)
        {
            if (DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) since = t;
            else Add(errors, "since", "Expected an ISO 8601 time, e.g. 2026-11-25T08:00:00Z.");
        }

        var pageSize = HttpLimits.DefaultPageSize;
        if (Single(q, "pageSize", errors) is { } ps && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < HttpLimits.MinPageSize or > HttpLimits.MaxPageSize))
            Add(errors, "pageSize", $"Expected a whole number from {HttpLimits.MinPageSize} to {HttpLimits.MaxPageSize}.");

        var category = Single(q, "category", errors);
        if (category is not null && Identifier.Problem(category, "category") is { } cp) Add(errors, "category", cp);
        var stewardId = Single(q, "stewardId", errors);
        if (stewardId is not null && Identifier.Problem(stewardId, "stewardId") is { } sp) Add(errors, "stewardId", sp);
        var token = Single(q, "continuationToken", errors);

        if (errors.Count > 0) return null;
        if (stewardScope is not null)
        {
            if (stewardId is not null && stewardId != stewardScope)
                throw new RequestRejectedException(403, "forbidden", "Not allowed.", "A steward sees only the orders assigned to them.");
            stewardId = stewardScope;
        }
        var query = new WorkOrderQuery
        {
            DistrictId = district.DistrictId,
            Statuses = statuses,
            CategoryCode = category,
            StewardId = stewardId,
            Bounds = bounds,
            Since = since,
            PageSize = pageSize,
        };
        if (token is null) return query;
        if (ContinuationTokens.Decode(token, query) is not { } storeToken)
        {
            Add(errors, "continuationToken", "Not a continuation token this API issued for this query: use the `next` link of the previous page.");
            return null;
        }
        return query with { ContinuationToken = storeToken };
    }

    /// <summary>
    /// Reads a JSON body: 415 unless it is application/json, 413 when larger than <see cref="HttpLimits.MaxBodyBytes"/>;
    /// adds a "body" error and returns default when it is missing or not JSON of that shape.
    /// </summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpRequest request, Dictionary<string, string[]> errors, CancellationToken ct) where T : class
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !(media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
            throw new RequestRejectedException(415, "unsupported-media-type", "Unsupported media type.", "Send the body as application/json.");
        if (request.ContentLength > HttpLimits.MaxBodyBytes) throw TooLarge();
        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > HttpLimits.MaxBodyBytes) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }
            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, YunbaoJson.Options);
            if (value is null) Add(errors, "body", "A JSON object is required.");
            return value;
        }
        catch (JsonException e)
        {
            Add(errors, "body", "The body is not valid JSON for this request" + (e.Path is { } p ? $" (at {p})." : "."));
            return null;
        }
    }

    /// <summary>A note: optional, at most <see cref="HttpLimits.MaxNoteLength"/> characters.</summary>
    public static string? Note(string? note, Dictionary<string, string[]> errors)
    {
        if (note is { Length: > HttpLimits.MaxNoteLength }) Add(errors, "note", $"At most {HttpLimits.MaxNoteLength} characters.");
        return note;
    }

    /// <summary>Evidence: at most <see cref="HttpLimits.MaxEvidenceItems"/> URLs or blob references of at most <see cref="HttpLimits.MaxEvidenceLength"/> characters.</summary>
    public static IReadOnlyList<string> Evidence(IReadOnlyList<string>? evidence, Dictionary<string, string[]> errors)
    {
        if (evidence is null) return [];
        if (evidence.Count > HttpLimits.MaxEvidenceItems)
        {
            Add(errors, "evidence", $"At most {HttpLimits.MaxEvidenceItems} entries.");
            return [];
        }
        foreach (var e in evidence)
            if (string.IsNullOrWhiteSpace(e) || e.Length > HttpLimits.MaxEvidenceLength || e.Any(char.IsControl))
            {
                Add(errors, "evidence", $"Each entry is a URL or blob reference of 1 to {HttpLimits.MaxEvidenceLength} characters.");
                break;
            }
        return evidence;
    }

    public static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    private static RequestRejectedException TooLarge() =>
        new(413, "payload-too-large", "The request body is too large.", $"Request bodies are limited to {HttpLimits.MaxBodyBytes / 1024} KB.");

    private static IEnumerable<string> Split(Microsoft.Extensions.Primitives.StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A parameter that may appear once; null when absent or empty.</summary>
    private static string? Single(IQueryCollection q, string name, Dictionary<string, string[]> errors)
    {
        var values = q[name];
        if (values.Count > 1) { Add(errors, name, "Give this parameter once."); return null; }
        return values.ToString() is { Length: > 0 } s ? s : null;
    }

    private static string Clip(string s) => s.Length <= 32 ? s : s[..32] + "…";

    /// <summary>The URL of the next page: the same query with the new continuation token.</summary>
    public static string NextLink(HttpRequest request, string continuationToken)
    {
        var pairs = request.Query.Where(kv => kv.Key != "continuationToken")
            .SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v)))
            .Append(new KeyValuePair<string, string?>("continuationToken", continuationToken));
        return request.PathBase + request.Path + QueryString.Create(pairs);
    }
}
