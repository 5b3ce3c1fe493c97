using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Yunbao.Application;
using Yunbao.Application.Citizens;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Validation;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Citizens;
using Yunbao.Domain.Geo;

namespace Yunbao.Functions.Http.Open311;

/// <summary>
/// Open311 inputs: the POST body (form-encoded as the spec says, or a JSON object with the same names) and GET
/// requests' filters with the spec's defaults. Every problem is collected into one 400 before any storage call;
/// error texts never echo a contact field.
/// </summary>
public static class Open311Parsing
{
    public const int MaxDescriptionLength = 4_000;
    public const int MaxIdsPerQuery = 100;
    private const string AttributePrefix = "attribute[";

    /// <summary>An uploaded photo (multipart field <c>media</c>) may be this large; the rest of a body stays within HttpLimits.</summary>
    public const int MaxPhotoBytes = 5 * 1024 * 1024;
    public const string PhotoField = "media";

    /// <summary>
    /// The POST's fields by name (attribute[code] and attribute[code][] kept as sent; JSON's "attribute" object flattened
    /// to them), and the photo of a multipart POST.
    /// </summary>
    public static async Task<(Dictionary<string, List<string>> Fields, byte[]? Photo)> ReadFieldsAsync(HttpRequest request, CancellationToken ct)
    {
        var type = MediaTypeHeaderValue.TryParse(request.ContentType, out var media) ? media.MediaType.ToString() : "";
        var multipart = type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        var limit = multipart ? MaxPhotoBytes + HttpLimits.MaxBodyBytes : HttpLimits.MaxBodyBytes;
        if (request.ContentLength > limit)
            throw new RequestRejectedException(413, "payload-too-large", "Too large.", $"Request bodies are limited to {limit / 1024} KB.");
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Put(string k, string v) { if (!fields.TryGetValue(k, out var l)) fields[k] = l = []; l.Add(v); }
        byte[]? photo = null;
        if (multipart || type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var (k, values) in form)
                foreach (var v in values) Put(k, v ?? "");
            if (form.Files.Count > 1 || form.Files.Any(f => f.Name != PhotoField))
                throw new RequestRejectedException($"Send at most one file, as the '{PhotoField}' field.");
            if (form.Files.GetFile(PhotoField) is { } file)
            {
                if (file.Length is 0 or > MaxPhotoBytes) throw new RequestRejectedException(413, "payload-too-large", "Too large.", $"A photo is 1 byte to {MaxPhotoBytes / 1024 / 1024} MB.");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                photo = buffer.ToArray();
            }
        }
        else if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var errors = new Dictionary<string, string[]>();
            using var document = await RequestParsing.ReadJsonAsync<JsonDocument>(request, errors, ct);
            if (errors.Count > 0 || document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
                throw new RequestRejectedException("The body must be a JSON object with Open311's field names.");
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name == "attribute" && p.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var a in p.Value.EnumerateObject())
                        foreach (var v in Values(a.Value)) Put($"{AttributePrefix}{a.Name}]", v);
                }
                else foreach (var v in Values(p.Value)) Put(p.Name, v);
            }
        }
        else throw new RequestRejectedException(415, "unsupported-media-type", "Unsupported media type.",
            "Send the request as application/x-www-form-urlencoded (as GeoReport v2 says), multipart/form-data with a photo, or application/json.");
        return (fields, photo);
    }

    private static IEnumerable<string> Values(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Values),
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => [e.GetRawText()],
        _ => [],
    };

    /// <summary>The submission a POST describes, for the client <paramref name="clientId"/>; throws a 400 naming every problem.</summary>
    public static CitizenSubmission ToSubmission(Dictionary<string, List<string>> fields, string clientId, Open311Client client,
        CategoryCatalog catalog, StreetNetwork streets, DistrictOptions district)
    {
        var problems = new List<string>();
        string? One(string name, int max)
        {
            if (!fields.TryGetValue(name, out var v) || v.Count == 0 || v.All(string.IsNullOrWhiteSpace)) return null;
            if (v.Count > 1) { problems.Add($"{name} is given more than once."); return null; }
            var s = v[0].Trim();
            if (s.Length > max || s.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) { problems.Add($"{name} must be at most {max} printable characters."); return null; }
            return s;
        }

        if (One("jurisdiction_id", 100) is { } jurisdiction && jurisdiction != district.DistrictId)
            throw new RequestRejectedException(404, "not-found", "Not found.", $"jurisdiction_id '{Clip(jurisdiction)}' is not served here (this endpoint serves {district.DistrictId}).");
        var code = One("service_code", 100);
        ViolationCategory? category = null;
        if (code is null) problems.Add("service_code is required.");
        else if (!catalog.TryGet(code, out category)) problems.Add($"service_code '{Clip(code)}' is not a service: GET services lists them.");

        GeoPoint? location = null;
        var lat = One("lat", 40);
        var lon = One("long", 40);
        var address = One("address_string", 300) ?? One("address_id", 100);
        if (lat is not null || lon is not null)
        {
            var errors = new Dictionary<string, string[]>();
            location = DistrictGeo.ParsePoint(Number(lon), Number(lat), district.Bounds, errors, required: true);
            problems.AddRange(errors.Values.SelectMany(v => v).Select(m => "lat/long: " + m));
        }
        else if (address is not null)
        {
            location = ResolveAddress(address, streets);
            if (location is null) problems.Add("address_string names no street of the district: send lat and long, or a street name.");
        }
        else problems.Add("A location is required: lat and long, or address_string.");

        var description = One("description", MaxDescriptionLength);
        var media = One("media_url", HttpLimits.MaxEvidenceLength);
        if (media is not null && !(Uri.TryCreate(media, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            problems.Add("media_url must be an absolute http(s) URL.");
            media = null;
        }

        var contact = new CitizenContact
        {
            FirstName = One("first_name", HttpLimits.MaxNameLength),
            LastName = One("last_name", HttpLimits.MaxNameLength),
            Phone = One("phone", 40),
            Email = One("email", 254),
            DeviceId = One("device_id", 200),
            AccountId = One("account_id", 200),
        };
        if (contact.Email is { } email && (email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@'))) problems.Add("email is not an e-mail address.");
        if (contact.Phone is { } phone && !phone.All(c => char.IsDigit(c) || c is '+' or '-' or ' ' or '(' or ')')) problems.Add("phone may hold digits, spaces and + - ( ) only.");

        var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in fields.Where(kv => kv.Key.StartsWith(AttributePrefix, StringComparison.Ordinal)))
        {
            var name = key[AttributePrefix.Length..];
            if (name.EndsWith("][]", StringComparison.Ordinal)) name = name[..^3];
            else if (name.EndsWith(']')) name = name[..^1];
            if (Identifier.Problem(name, "attribute") is not null && name != CitizenServices.TicketIdAttribute) { problems.Add($"'{Clip(key)}' is not an attribute field."); continue; }
            var list = attributes.TryGetValue(name, out var existing) ? [.. existing] : new List<string>();
            list.AddRange(values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()));
            if (list.Any(v => v.Length > 1000)) { problems.Add($"attribute[{name}] values are at most 1000 characters."); continue; }
            attributes[name] = list;
        }
        if (category is not null) problems.AddRange(CitizenServices.Validate(category.Code, attributes));

        var ticket = attributes.TryGetValue(CitizenServices.TicketIdAttribute, out var t) && t.Count > 0 ? t[0] : null;
        if (ticket is null && client.TicketIdFromAccountId) ticket = contact.AccountId;
        if (ticket is { Length: > 100 }) problems.Add("The ticket id is at most 100 characters.");

        if (problems.Count > 0) throw new RequestRejectedException(string.Join(" ", problems));
        return new CitizenSubmission
        {
            ClientId = clientId,
            CategoryCode = category!.Code,
            Location = location!.Value,
            TicketId = ticket,
            AddressString = address,
            Description = description,
            MediaUrl = media,
            Attributes = attributes,
            Contact = contact,
            Simulated = client.Simulated,
        };
    }

    /// <summary>An address against the district's streets: the street it names (Chinese or English name), at its midpoint.</summary>
    public static GeoPoint? ResolveAddress(string address, StreetNetwork streets)
    {
        var street = streets.Streets
            .Where(s => address.Contains(s.NameZh, StringComparison.Ordinal) || address.Contains(s.NameEn, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(s => Math.Max(s.NameZh.Length, s.NameEn.Length))
            .FirstOrDefault();
        return street?.Path.PointAt(street.LengthMeters / 2);
    }

    /// <summary>GET requests' filters: ids and codes comma-delimited, w3 dates, status open/closed; last 90 days and at most 1000 by default.</summary>
    public static CitizenRequestQuery ToQuery(IQueryCollection q, DateTimeOffset now, DistrictOptions district)
    {
        var problems = new List<string>();
        if (q["jurisdiction_id"].ToString() is { Length: > 0 } j && j != district.DistrictId)
            throw new RequestRejectedException(404, "not-found", "Not found.", $"jurisdiction_id '{Clip(j)}' is not served here.");
        var ids = Split(q["service_request_id"]);
        if (ids.Count > MaxIdsPerQuery) problems.Add($"At most {MaxIdsPerQuery} service_request_id per query.");
        foreach (var id in ids.Where(id => Identifier.Problem(id, "service_request_id") is not null).Take(3)) problems.Add($"service_request_id '{Clip(id)}' is not an id.");
        var codes = Split(q["service_code"]);
        foreach (var c in codes.Where(c => Identifier.Problem(c, "service_code") is not null).Take(3)) problems.Add($"service_code '{Clip(c)}' is not a code.");
        DateTimeOffset? Date(string name)
        {
            if (q[name].ToString() is not { Length: > 0 } text) return null;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)) return d;
            problems.Add($"{name} must be a w3 datetime, e.g. 2026-11-01T00:00:00Z.");
            return null;
        }
        var start = Date("start_date");
        var end = Date("end_date");
        bool? open = null;
        var statuses = Split(q["status"]);
        foreach (var s in statuses.Where(s => s is not ("open" or "closed")).Take(3)) problems.Add($"status '{Clip(s)}' is not open or closed.");
        if (statuses.Contains("open") != statuses.Contains("closed")) open = statuses.Contains("open");
        var (from, to) = (start, end) switch
        {
            ({ } s, { } e) => (s, e),
            ({ } s, null) => (s, s + CitizenRequests.DefaultWindow),
            (null, { } e) => (e - CitizenRequests.DefaultWindow, e),
            _ => (now - CitizenRequests.DefaultWindow, now),
        };
        if (to < from) problems.Add("end_date is before start_date.");
        else if (to - from > CitizenRequests.DefaultWindow) problems.Add("start_date to end_date may not span more than 90 days.");
        if (problems.Count > 0) throw new RequestRejectedException(string.Join(" ", problems));
        // The end is included (stores compare whole milliseconds).
        return new CitizenRequestQuery { RequestIds = ids, CategoryCodes = codes, Start = from, End = to.AddMilliseconds(1), Open = open };
    }

    private static double? Number(string? s) =>
        s is null ? null : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;

    private static List<string> Split(Microsoft.Extensions.Primitives.StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
