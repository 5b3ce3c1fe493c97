using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Yunbao.Application.Ports;
using Yunbao.Application.WorkOrders;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;
using Yunbao.Functions.Http.Open311;
using Yunbao.Functions.Triggers;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>Open311 GeoReport v2 route by route, in XML and JSON, against the real intake on Azurite and the Cosmos stand-in.</summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class Open311ApiTests(LocalStackFixture fixture)
{
    private static readonly GeoPoint Spot = new(116.3071, 39.8633);
    private static readonly GeoPoint Spot2 = new(116.300, 39.860);
    private static readonly (string Key, string Sha256) PageKey = Open311ApiKeys.Issue();
    private static readonly (string Key, string Sha256) HotlineKey = Open311ApiKeys.Issue();

    private static readonly Dictionary<string, string> Personal = new()
    {
        ["first_name"] = "Xiaoming", ["last_name"] = "Wangwu", ["phone"] = "+86 139 1234 5678", ["email"] = "xiaoming.w@example.cn",
        ["device_id"] = "device-7f3e9c21", ["account_id"] = "acct-55aa0931",
    };

    private Task<FunctionsTestHost> StartAsync(Dictionary<string, string?>? extra = null, RecordingLoggerProvider? logs = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Open311:Clients:citizen-page:KeySha256"] = PageKey.Sha256,
            ["Open311:Clients:hotline-12345:KeySha256"] = HotlineKey.Sha256,
            ["Open311:Clients:hotline-12345:TicketIdFromAccountId"] = "true",
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        return FunctionsTestHost.StartAsync(fixture, settings: settings, logs: logs);
    }

    [Fact]
    public async Task Services_list_every_category_in_xml_and_json_with_the_spec_names()
    {
        await using var host = await StartAsync();
        var xml = await GetAsync(host, "services.xml", (api, req) => api.Services(req, "xml"));
        Assert.Equal(200, xml.Status);
        Assert.Equal("text/xml; charset=utf-8", xml.ContentType);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml.Text, StringComparison.OrdinalIgnoreCase);
        var root = XDocument.Parse(xml.Text).Root!;
        Assert.Equal("services", root.Name.LocalName);
        Assert.Equal(14, root.Elements("service").Count());
        var road = root.Elements("service").Single(s => s.Element("service_code")!.Value == "road-damage");
        Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"], road.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("道路破损", road.Element("service_name")!.Value);
        Assert.Equal("true", road.Element("metadata")!.Value);
        Assert.Equal("realtime", road.Element("type")!.Value);
        Assert.Equal("false", root.Elements("service").Single(s => s.Element("service_code")!.Value == "illegal-parking").Element("metadata")!.Value);

        var json = await GetAsync(host, "services.json?lang=en", (api, req) => api.Services(req, "json"));
        Assert.Equal("application/json; charset=utf-8", json.ContentType);
        var services = json.Json.EnumerateArray().ToList();
        Assert.Equal(14, services.Count);
        var parking = services.Single(s => s.GetProperty("service_code").GetString() == "illegal-parking");
        Assert.Equal("Illegal parking", parking.GetProperty("service_name").GetString());
        Assert.False(parking.GetProperty("metadata").GetBoolean());
        Assert.Equal("Traffic order", parking.GetProperty("group").GetString());
        Assert.Contains("car", parking.GetProperty("keywords").GetString()!.Split(','));
    }

    [Fact]
    public async Task Service_definition_names_attributes_datatypes_and_values_and_unknown_codes_are_open311_errors()
    {
        await using var host = await StartAsync();
        var xml = await GetAsync(host, "services/road-damage.xml", (api, req) => api.Definition(req, "road-damage", "xml"));
        var def = XDocument.Parse(xml.Text).Root!;
        Assert.Equal("service_definition", def.Name.LocalName);
        Assert.Equal("road-damage", def.Element("service_code")!.Value);
        var size = def.Element("attributes")!.Elements("attribute").Single(a => a.Element("code")!.Value == "size");
        Assert.Equal(["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"], size.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("singlevaluelist", size.Element("datatype")!.Value);
        Assert.Equal("true", size.Element("required")!.Value);
        Assert.Equal(["small", "medium", "large"], size.Element("values")!.Elements("value").Select(v => v.Element("key")!.Value));

        var json = await GetAsync(host, "services/garbage-overflow.json", (api, req) => api.Definition(req, "garbage-overflow", "json"));
        var attr = Assert.Single(json.Json.GetProperty("attributes").EnumerateArray());
        Assert.Equal("multivaluelist", attr.GetProperty("datatype").GetString());
        Assert.Equal(1, attr.GetProperty("order").GetInt32());
        Assert.False(attr.GetProperty("required").GetBoolean());

        var missingXml = await GetAsync(host, "services/potholes.xml", (api, req) => api.Definition(req, "potholes", "xml"));
        AssertXmlError(missingXml, 404);
        var missingJson = await GetAsync(host, "services/potholes.json", (api, req) => api.Definition(req, "potholes", "json"));
        AssertJsonError(missingJson, 404);
        var badFormat = await GetAsync(host, "services.html", (api, req) => api.Services(req, "html"));
        AssertXmlError(badFormat, 404);
    }

    [Fact]
    public async Task Form_encoded_post_opens_an_order_and_the_request_follows_it_in_both_formats()
    {
        await using var host = await StartAsync();
        var posted = await PostFormAsync(host, "xml", new()
        {
            ["api_key"] = PageKey.Key, ["service_code"] = "road-damage", ["lat"] = "39.8633", ["long"] = "116.3071",
            ["attribute[size]"] = "medium", ["description"] = "路面坑洞 pothole", ["media_url"] = "https://photos.example/pothole.jpg",
        });
        Assert.Equal(201, posted.Status);
        var request = XDocument.Parse(posted.Text).Root!;
        Assert.Equal("service_requests", request.Name.LocalName);
        var id = request.Element("request")!.Element("service_request_id")!.Value;
        Assert.StartsWith("cit-", id);
        Assert.Contains("1440", request.Element("request")!.Element("service_notice")!.Value);

        var order = Assert.Single(await OrdersAsync(host));
        Assert.Contains(id, order.IncidentIds);
        Assert.Equal("Citizen", order.Source);

        var json = await GetAsync(host, $"requests/{id}.json", (api, req) => api.Get(req, id, "json", CancellationToken.None));
        var r = Assert.Single(json.Json.EnumerateArray());
        Assert.Equal("open", r.GetProperty("status").GetString());
        Assert.Equal("road-damage", r.GetProperty("service_code").GetString());
        Assert.Equal("https://photos.example/pothole.jpg", r.GetProperty("media_url").GetString());
        Assert.Equal("Lize Financial Business District", r.GetProperty("agency_responsible").GetString());
        Assert.Equal(FunctionsTestHost.Now, r.GetProperty("requested_datetime").GetDateTimeOffset());
        Assert.Equal(order.ResolveDueAt, r.GetProperty("expected_datetime").GetDateTimeOffset());
        Assert.Equal(39.8633, r.GetProperty("lat").GetDouble(), 6);

        var xml = await GetAsync(host, $"requests/{id}.xml", (api, req) => api.Get(req, id, "xml", CancellationToken.None));
        var element = XDocument.Parse(xml.Text).Root!.Element("request")!;
        Assert.Equal(["service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice",
            "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"],
            element.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("2026-11-25T02:00:00Z", element.Element("requested_datetime")!.Value);

        var token = await GetAsync(host, $"tokens/{id}.xml", (api, req) => api.Token(req, id, "xml", CancellationToken.None));
        var t = XDocument.Parse(token.Text).Root!.Element("request")!;
        Assert.Equal(id, t.Element("service_request_id")!.Value);
        Assert.Equal(id, t.Element("token")!.Value);
        AssertJsonError(await GetAsync(host, "requests/cit-unknown.json", (api, req) => api.Get(req, "cit-unknown", "json", CancellationToken.None)), 404);
    }

    [Fact]
    public async Task Json_post_with_an_address_string_is_placed_on_that_street_and_bad_posts_are_400_open311_errors()
    {
        await using var host = await StartAsync();
        var street = StreetNetwork.Default.Streets[0];
        var posted = await PostJsonAsync(host, "json", new Dictionary<string, object>
        {
            ["api_key"] = PageKey.Key, ["service_code"] = "garbage-overflow", ["address_string"] = $"北京市丰台区{street.NameZh}",
            ["attribute"] = new Dictionary<string, object> { ["bin_types"] = new[] { "kitchen", "other" } },
        });
        Assert.Equal(201, posted.Status);
        var id = Assert.Single(posted.Json.EnumerateArray()).GetProperty("service_request_id").GetString()!;
        var got = Assert.Single((await GetAsync(host, $"requests/{id}.json", (api, req) => api.Get(req, id, "json", CancellationToken.None))).Json.EnumerateArray());
        var at = new GeoPoint(got.GetProperty("long").GetDouble(), got.GetProperty("lat").GetDouble());
        Assert.Equal(street.Id, StreetNetwork.Default.Nearest(at).Street.Id);

        var noCode = await PostFormAsync(host, "json", new() { ["api_key"] = PageKey.Key, ["lat"] = "39.8633", ["long"] = "116.3071" });
        Assert.Contains("service_code", AssertJsonError(noCode, 400));
        var noSize = await PostFormAsync(host, "xml", new() { ["api_key"] = PageKey.Key, ["service_code"] = "road-damage", ["lat"] = "39.8633", ["long"] = "116.3071" });
        Assert.Contains("attribute[size]", AssertXmlError(noSize, 400));
        var outside = await PostFormAsync(host, "json", new() { ["api_key"] = PageKey.Key, ["service_code"] = "waterlogging", ["lat"] = "31.2", ["long"] = "121.4" });
        Assert.Contains("lat/long", AssertJsonError(outside, 400));
        var badList = await PostFormAsync(host, "json", new() { ["api_key"] = PageKey.Key, ["service_code"] = "garbage-overflow", ["lat"] = "39.8633", ["long"] = "116.3071", ["attribute[bin_types][]"] = "plutonium" });
        Assert.Contains("plutonium", AssertJsonError(badList, 400));
        Assert.Empty(await OrdersAsync(host, "waterlogging"));
    }

    [Fact]
    public async Task A_multipart_post_with_a_photo_serves_it_reencoded_without_its_metadata_as_the_media_url()
    {
        await using var host = await StartAsync();
        using var content = new MultipartFormDataContent();
        foreach (var (k, v) in new Dictionary<string, string> { ["api_key"] = PageKey.Key, ["service_code"] = "manhole-cover", ["lat"] = "39.8633", ["long"] = "116.3071" })
            content.Add(new StringContent(v), k);
        var photo = new ByteArrayContent(JpegWithComment("owner Xiaoming Wangwu, phone +86 139 1234 5678"));
        photo.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        content.Add(photo, "media", "IMG_0001.jpg");
        var bytes = await content.ReadAsByteArrayAsync();
        var req = HttpCall.Request(host.Services, "POST", "/api/open311/v2/requests.json");
        req.Body = new MemoryStream(bytes);
        req.ContentLength = bytes.Length;
        req.ContentType = content.Headers.ContentType!.ToString();
        var posted = await HttpCall.ExecuteAsync(req, host.Function<Open311Api>().Post(req, "json", CancellationToken.None));
        Assert.Equal(201, posted.Status);
        var id = posted.Json[0].GetProperty("service_request_id").GetString()!;

        var got = (await GetAsync(host, $"requests/{id}.json", (api, r) => api.Get(r, id, "json", CancellationToken.None))).Json[0];
        var mediaUrl = got.GetProperty("media_url").GetString()!;
        Assert.StartsWith("http://127.0.0.1:7071/api/open311/v2/media/", mediaUrl);
        var photoId = mediaUrl[(mediaUrl.LastIndexOf('/') + 1)..^".jpg".Length];
        var served = await GetAsync(host, $"media/{photoId}.jpg", (api, r) => api.Media(r, photoId, CancellationToken.None));
        Assert.Equal(200, served.Status);
        Assert.Equal("image/jpeg", served.ContentType);
        using (var decoded = SkiaSharp.SKBitmap.Decode(served.Body)) Assert.Equal((64, 48), (decoded.Width, decoded.Height));
        Assert.DoesNotContain("Xiaoming", Encoding.ASCII.GetString(served.Body));
        AssertXmlError(await GetAsync(host, "media/0123.jpg", (api, r) => api.Media(r, "0123", CancellationToken.None)), 404);
    }

    /// <summary>A small JPEG with a comment segment (as cameras carry EXIF) right after its start marker.</summary>
    private static byte[] JpegWithComment(string comment)
    {
        using var bitmap = new SkiaSharp.SKBitmap(64, 48);
        bitmap.Erase(new SkiaSharp.SKColor(200, 120, 40));
        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        var jpeg = image.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90).ToArray();
        var text = Encoding.ASCII.GetBytes(comment);
        var segment = new byte[] { 0xFF, 0xFE, (byte)((text.Length + 2) >> 8), (byte)((text.Length + 2) & 0xFF) }.Concat(text);
        return jpeg.Take(2).Concat(segment).Concat(jpeg.Skip(2)).ToArray();
    }

    [Fact]
    public async Task Unknown_or_missing_api_key_is_403_and_creates_nothing()
    {
        await using var host = await StartAsync();
        var unknown = await PostFormAsync(host, "xml", new() { ["api_key"] = "not-a-key", ["service_code"] = "waterlogging", ["lat"] = "39.8633", ["long"] = "116.3071" });
        Assert.Contains("api_key", AssertXmlError(unknown, 403));
        var missing = await PostFormAsync(host, "json", new() { ["service_code"] = "waterlogging", ["lat"] = "39.8633", ["long"] = "116.3071" });
        AssertJsonError(missing, 403);
        Assert.Empty(await OrdersAsync(host));
    }

    [Fact]
    public async Task Hotline_retries_with_the_same_ticket_id_are_one_request()
    {
        await using var host = await StartAsync();
        var form = new Dictionary<string, string> { ["api_key"] = HotlineKey.Key, ["service_code"] = "waterlogging", ["lat"] = "39.8633", ["long"] = "116.3071", ["account_id"] = "12345-20261125-0042" };
        var first = await PostFormAsync(host, "json", form);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var retry = await PostFormAsync(host, "json", form);
        Assert.Equal(201, first.Status);
        Assert.Equal(200, retry.Status);
        var id = first.Json[0].GetProperty("service_request_id").GetString();
        Assert.Equal(id, retry.Json[0].GetProperty("service_request_id").GetString());

        // The page's client sends its ticket as attribute[ticket_id]; a different ticket is a different request.
        var byAttribute = new Dictionary<string, string> { ["api_key"] = PageKey.Key, ["service_code"] = "waterlogging", ["lat"] = "39.8633", ["long"] = "116.3071", ["attribute[ticket_id]"] = "T-1" };
        var a1 = await PostFormAsync(host, "json", byAttribute);
        var a2 = await PostFormAsync(host, "json", byAttribute);
        Assert.Equal(a1.Json[0].GetProperty("service_request_id").GetString(), a2.Json[0].GetProperty("service_request_id").GetString());
        Assert.NotEqual(id, a1.Json[0].GetProperty("service_request_id").GetString());

        var order = Assert.Single(await OrdersAsync(host));
        Assert.Equal(2, order.IncidentIds.Count);   // the hotline's request and the page's, each once
    }

    [Fact]
    public async Task A_citizen_joins_the_order_a_patrol_opened_and_a_later_patrol_sighting_joins_the_citizens_order()
    {
        await using var host = await StartAsync();
        var frame = await host.UploadFrameAsync(Spot, FunctionsTestHost.Now.AddMinutes(-5), ("bin", "garbage-overflow"));
        await host.Function<DetectFrame>().Run(FunctionsTestHost.AsRuntimeDelivers(frame), CancellationToken.None);
        var patrolOrder = Assert.Single(await OrdersAsync(host));

        var joined = await PostFormAsync(host, "json", new() { ["api_key"] = PageKey.Key, ["service_code"] = "garbage-overflow", ["lat"] = "39.86333", ["long"] = "116.30713" });
        var citizenId = joined.Json[0].GetProperty("service_request_id").GetString()!;
        var after = Assert.Single(await OrdersAsync(host));
        Assert.Equal(patrolOrder.Id, after.Id);
        Assert.Contains(citizenId, after.IncidentIds);

        // The other way round: the citizen opens it, the patrol car's later frame joins it.
        var first = await PostFormAsync(host, "json", new() { ["api_key"] = PageKey.Key, ["service_code"] = "garbage-overflow", ["lat"] = Spot2.Lat.ToString("R"), ["long"] = Spot2.Lon.ToString("R") });
        var firstId = first.Json[0].GetProperty("service_request_id").GetString()!;
        var citizenOrder = (await OrdersAsync(host)).Single(o => o.IncidentIds.Contains(firstId));
        Assert.Equal("Citizen", citizenOrder.Source);
        var later = await host.UploadFrameAsync(Spot2, FunctionsTestHost.Now.AddMinutes(10), ("bin", "garbage-overflow"));
        await host.Function<DetectFrame>().Run(FunctionsTestHost.AsRuntimeDelivers(later), CancellationToken.None);
        var orders = await OrdersAsync(host);
        Assert.Equal(2, orders.Count);
        Assert.Equal(2, orders.Single(o => o.Id == citizenOrder.Id).IncidentIds.Count);
    }

    [Fact]
    public async Task Closing_the_order_closes_every_joined_request_with_the_closing_note_and_the_verification()
    {
        await using var host = await StartAsync();
        await host.Services.GetRequiredService<IStewardRepository>().TryCreateAsync(
            new Steward { Id = "steward-a", DistrictId = "lize", Name = "steward-a", Location = Spot, LastSeenAt = FunctionsTestHost.Now, UserObjectId = "oid-a" }, CancellationToken.None);
        var a = (await PostFormAsync(host, "json", new() { ["api_key"] = PageKey.Key, ["service_code"] = "exposed-garbage", ["lat"] = "39.8633", ["long"] = "116.3071" })).Json[0].GetProperty("service_request_id").GetString()!;
        var b = (await PostFormAsync(host, "json", new() { ["api_key"] = HotlineKey.Key, ["service_code"] = "exposed-garbage", ["lat"] = "39.86332", ["long"] = "116.30712", ["account_id"] = "T-9" })).Json[0].GetProperty("service_request_id").GetString()!;
        var order = Assert.Single(await OrdersAsync(host));
        Assert.Equal(WorkOrderStatus.Dispatched, order.Status);
        Assert.Contains(a, order.IncidentIds);
        Assert.Contains(b, order.IncidentIds);

        var transitions = host.Services.GetRequiredService<WorkOrderTransitions>();
        var steward = Actor.Steward("steward-a");
        var dispatcher = new Actor("dispatcher-1", ActorRoles.Dispatcher);
        foreach (var (action, by, note, evidence) in new[]
        {
            (WorkOrderAction.Accept, steward, (string?)null, Array.Empty<string>()),
            (WorkOrderAction.Start, steward, null, []),
            (WorkOrderAction.Resolve, steward, "清运完毕", ["evidence/steward-a/after.jpg"]),
            (WorkOrderAction.Verify, Actor.Patrol("patrol-01"), null, []),
            (WorkOrderAction.Close, dispatcher, "居民反映问题已解决", []),
        })
        {
            var outcome = await transitions.TransitionAsync(new WorkOrderTransition
            {
                DistrictId = "lize", WorkOrderId = order.Id, Action = action, By = by, Note = note, Evidence = evidence, StewardId = action == WorkOrderAction.Accept ? "steward-a" : null,
            }, CancellationToken.None);
            Assert.IsType<TransitionOutcome.Ok>(outcome);
        }

        var closed = await GetAsync(host, $"requests.json?service_request_id={a},{b}&status=closed", (api, req) => api.List(req, "json", CancellationToken.None));
        var both = closed.Json.EnumerateArray().ToList();
        Assert.Equal(new[] { a, b }.Order(), both.Select(r => r.GetProperty("service_request_id").GetString()).Order());
        foreach (var r in both)
        {
            Assert.Equal("closed", r.GetProperty("status").GetString());
            var notes = r.GetProperty("status_notes").GetString()!;
            Assert.Contains("居民反映问题已解决", notes);
            Assert.Contains("巡查车复核", notes);
            Assert.Contains("网格员现场照片", notes);
        }
        var open = await GetAsync(host, $"requests.xml?service_request_id={a},{b}&status=open", (api, req) => api.List(req, "xml", CancellationToken.None));
        Assert.Empty(XDocument.Parse(open.Text).Root!.Elements("request"));
    }

    [Fact]
    public async Task Personal_data_is_stored_but_in_no_public_answer_and_no_log_line()
    {
        var logs = new RecordingLoggerProvider();
        await using var host = await StartAsync(logs: logs);
        var form = new Dictionary<string, string>(Personal) { ["api_key"] = PageKey.Key, ["service_code"] = "illegal-banner", ["lat"] = "39.8633", ["long"] = "116.3071", ["description"] = "横幅 banner" };
        var answers = new List<HttpAnswer> { await PostFormAsync(host, "xml", form), await PostFormAsync(host, "json", form) };
        var json = new Dictionary<string, object>(Personal.ToDictionary(kv => kv.Key, kv => (object)kv.Value))
        { ["api_key"] = HotlineKey.Key, ["service_code"] = "illegal-banner", ["lat"] = 39.8634, ["long"] = 116.3072 };
        answers.Add(await PostJsonAsync(host, "json", json));
        var ids = answers.Select(a => a.Status == 201 ? (a.ContentType!.Contains("xml") ? XDocument.Parse(a.Text).Root!.Element("request")!.Element("service_request_id")!.Value : a.Json[0].GetProperty("service_request_id").GetString()!) : throw new InvalidOperationException(a.Text)).ToList();

        foreach (var f in new[] { "xml", "json" })
        {
            answers.Add(await GetAsync(host, $"requests.{f}", (api, req) => api.List(req, f, CancellationToken.None)));
            foreach (var id in ids)
            {
                answers.Add(await GetAsync(host, $"requests/{id}.{f}", (api, req) => api.Get(req, id, f, CancellationToken.None)));
                answers.Add(await GetAsync(host, $"tokens/{id}.{f}", (api, req) => api.Token(req, id, f, CancellationToken.None)));
            }
        }
        Assert.Equal(3, (await GetAsync(host, "requests.json", (api, req) => api.List(req, "json", CancellationToken.None))).Json.GetArrayLength());

        // Stored with the request, for the city to call back...
        var stored = await host.Services.GetRequiredService<IIncidentRepository>().GetAsync("lize", ids[0], CancellationToken.None);
        Assert.Equal(Personal["phone"], stored!.Citizen!.Contact.Phone);
        Assert.Equal(Personal["email"], stored.Citizen.Contact.Email);
        Assert.DoesNotContain(Personal["phone"], stored.ToString());   // printing it (a log line by accident) withholds it
        // ...but in no answer and no log line.
        var logText = string.Join("\n", logs.Lines);
        Assert.Contains(ids[0], logText);
        foreach (var value in Personal.Values)
        {
            foreach (var answer in answers) Assert.DoesNotContain(value, answer.Text);
            Assert.DoesNotContain(value, logText);
        }
    }

    [Fact]
    public async Task Requests_default_to_the_last_90_days_and_at_most_1000_and_refuse_longer_spans()
    {
        await using var host = await StartAsync();
        var old = (await PostFormAsync(host, "json", new() { ["api_key"] = PageKey.Key, ["service_code"] = "manhole-cover", ["lat"] = "39.8633", ["long"] = "116.3071" })).Json[0].GetProperty("service_request_id").GetString();
        host.Clock.Advance(TimeSpan.FromDays(91));
        var recent = (await PostFormAsync(host, "json", new() { ["api_key"] = PageKey.Key, ["service_code"] = "manhole-cover", ["lat"] = "39.8600", ["long"] = "116.3000" })).Json[0].GetProperty("service_request_id").GetString();

        var byDefault = await GetAsync(host, "requests.json", (api, req) => api.List(req, "json", CancellationToken.None));
        Assert.Equal([recent], byDefault.Json.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()));
        var then = await GetAsync(host, "requests.xml?start_date=2026-11-24T00:00:00Z&end_date=2026-11-26T00:00:00Z&service_code=manhole-cover",
            (api, req) => api.List(req, "xml", CancellationToken.None));
        Assert.Equal([old], XDocument.Parse(then.Text).Root!.Elements("request").Select(r => r.Element("service_request_id")!.Value));
        var otherCode = await GetAsync(host, "requests.json?service_code=waterlogging", (api, req) => api.List(req, "json", CancellationToken.None));
        Assert.Equal(0, otherCode.Json.GetArrayLength());

        Assert.Contains("90 days", AssertJsonError(await GetAsync(host, "requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z",
            (api, req) => api.List(req, "json", CancellationToken.None)), 400));
        AssertXmlError(await GetAsync(host, "requests.xml?status=pending", (api, req) => api.List(req, "xml", CancellationToken.None)), 400);
        var query = Open311Parsing.ToQuery(new Microsoft.AspNetCore.Http.QueryCollection(), FunctionsTestHost.Now, new Yunbao.Application.DistrictOptions());
        Assert.Equal(1000, query.Limit);
        Assert.Equal(FunctionsTestHost.Now.AddDays(-90), query.Start);
    }

    [Fact]
    public async Task Rate_limits_answer_429_with_retry_after_per_address_and_per_key()
    {
        await using var host = await StartAsync(new() { ["Open311:PostsPerAddressPerMinute"] = "2", ["Open311:PostsPerKeyPerMinute"] = "3" });
        var form = new Dictionary<string, string> { ["api_key"] = PageKey.Key, ["service_code"] = "waterlogging", ["lat"] = "39.8633", ["long"] = "116.3071" };
        Assert.Equal(201, (await PostFormAsync(host, "json", form, "10.0.0.1")).Status);
        Assert.Equal(201, (await PostFormAsync(host, "json", form, "10.0.0.1")).Status);
        var byAddress = await PostFormAsync(host, "json", form, "10.0.0.1");
        AssertJsonError(byAddress, 429);
        Assert.Equal("60", byAddress.Headers.RetryAfter.ToString());

        Assert.Equal(201, (await PostFormAsync(host, "json", form, "10.0.0.2")).Status);   // the key's third
        var byKey = await PostFormAsync(host, "xml", form, "10.0.0.3");
        Assert.Contains("citizen-page", AssertXmlError(byKey, 429));
        Assert.True(int.Parse(byKey.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(201, (await PostFormAsync(host, "json", form, "10.0.0.1")).Status);
    }

    [Fact]
    public async Task An_unknown_format_with_control_characters_is_a_well_formed_xml_error_not_a_crash()
    {
        // Found by the fuzzer: the error echoes the format, and XML cannot carry U+0014.
        await using var host = await StartAsync();
        var answer = await GetAsync(host, "tokens/x.y%14", (api, req) => api.Token(req, "x", "y\u0014", CancellationToken.None));
        Assert.Equal(404, answer.Status);
        var code = System.Xml.Linq.XDocument.Parse(answer.Text).Root!.Element("error")!.Element("code")!.Value;
        Assert.Equal("404", code);
        Assert.Contains("\uFFFD", answer.Text, StringComparison.Ordinal);
    }

    // --- helpers ---

    private static async Task<IReadOnlyList<WorkOrder>> OrdersAsync(FunctionsTestHost host, string? category = null) =>
        (await host.Services.GetRequiredService<IWorkOrderRepository>().QueryAsync(new WorkOrderQuery { DistrictId = "lize", CategoryCode = category, PageSize = 100 }, CancellationToken.None)).Items;

    private static Task<HttpAnswer> GetAsync(FunctionsTestHost host, string path, Func<Open311Api, Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> call)
    {
        var req = HttpCall.Request(host.Services, "GET", "/api/open311/v2/" + path);
        req.HttpContext.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        return HttpCall.ExecuteAsync(req, call(host.Function<Open311Api>(), req));
    }

    private static Task<HttpAnswer> PostFormAsync(FunctionsTestHost host, string format, Dictionary<string, string> form, string address = "192.0.2.20")
    {
        var body = string.Join("&", form.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
        var req = HttpCall.Request(host.Services, "POST", $"/api/open311/v2/requests.{format}", rawBody: body);
        req.ContentType = "application/x-www-form-urlencoded";
        req.HttpContext.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return HttpCall.ExecuteAsync(req, host.Function<Open311Api>().Post(req, format, CancellationToken.None));
    }

    private static Task<HttpAnswer> PostJsonAsync(FunctionsTestHost host, string format, Dictionary<string, object> body)
    {
        var req = HttpCall.Request(host.Services, "POST", $"/api/open311/v2/requests.{format}", rawBody: JsonSerializer.Serialize(body));
        req.HttpContext.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.30");
        return HttpCall.ExecuteAsync(req, host.Function<Open311Api>().Post(req, format, CancellationToken.None));
    }

    /// <summary>Asserts Open311's XML error list with the status as its code; returns the descriptions.</summary>
    private static string AssertXmlError(HttpAnswer answer, int status)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("text/xml; charset=utf-8", answer.ContentType);
        var root = XDocument.Parse(answer.Text).Root!;
        Assert.Equal("errors", root.Name.LocalName);
        var error = Assert.Single(root.Elements("error"));
        Assert.Equal(["code", "description"], error.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Element("code")!.Value);
        return error.Element("description")!.Value;
    }

    private static string AssertJsonError(HttpAnswer answer, int status)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/json; charset=utf-8", answer.ContentType);
        var error = Assert.Single(answer.Json.EnumerateArray());
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        return error.GetProperty("description").GetString()!;
    }
}
