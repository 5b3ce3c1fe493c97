using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Citizens;
using Yunbao.Application.Ports;
using Yunbao.Contracts;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Functions.Http;
using Yunbao.Functions.Http.Open311;

namespace Yunbao.Functions.Triggers;

/// <summary>
/// Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) under /api/open311/v2, in XML and JSON by suffix. Reads are
/// public; POST needs a client system's api_key. Anonymous at the platform (auth.bicep keeps /api/open311/* open).
/// </summary>
public sealed class Open311Api(Open311Http open311, CitizenRequests requests, CategoryCatalog catalog, StreetNetwork streets,
    IOptions<DistrictOptions> district, TimeProvider clock, ICitizenPhotoStore photos)
{
    private const string Prefix = "open311/v2/";

    [Function("Open311Services")]
    public Task<IActionResult> Services([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "services.{format}")] HttpRequest req, string format) =>
        open311.HandleAsync(req, format, write: false, f => Ok(f, Open311Writer.List(f, "services", "service", catalog.All.Select(c => Open311Resources.Service(c, Open311Http.English(req))))));

    [Function("Open311ServiceDefinition")]
    public Task<IActionResult> Definition([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "services/{serviceCode}.{format}")] HttpRequest req,
        string serviceCode, string format) =>
        open311.HandleAsync(req, format, write: false, f => catalog.TryGet(serviceCode, out var c)
            ? Ok(f, Open311Writer.Object(f, "service_definition", Open311Resources.Definition(c, Open311Http.English(req))))
            : Task.FromResult<IActionResult>(Open311Errors.Create(f, 404, $"service_code '{serviceCode}' is not a service.")));

    [Function("Open311PostRequest")]
    public Task<IActionResult> Post([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Prefix + "requests.{format}")] HttpRequest req, string format, CancellationToken ct) =>
        open311.HandleAsync(req, format, write: true, async f =>
        {
            var (fields, photo) = await Open311Parsing.ReadFieldsAsync(req, ct);
            var (clientId, client) = open311.RequireClient(fields.TryGetValue("api_key", out var k) && k.Count == 1 ? k[0] : null, f, out var refused);
            if (refused is not null) return refused;
            var submission = Open311Parsing.ToSubmission(fields, clientId, client, catalog, streets, district.Value);
            if (photo is not null)
            {
                // Stored only once everything else passed; re-encoded, so its metadata never reaches the public.
                string id;
                try { id = await photos.SaveAsync(photo, ct); }
                catch (FormatException e) { throw new RequestRejectedException(e.Message); }
                var origin = open311.Options.PublicBaseUrl is { Length: > 0 } b ? b.TrimEnd('/') : $"{req.Scheme}://{req.Host}";
                submission = submission with { MediaUrl = $"{origin}/api/{Prefix}media/{id}.jpg" };
            }
            var submitted = await requests.SubmitAsync(submission, ct);
            var body = Open311Writer.List(f, "service_requests", "request",
                [Open311Resources.Created(submitted.Request, catalog.Get(submission.CategoryCode), Open311Http.English(req), Zone)]);
            return new ApiResult(submitted.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK, body, Open311Writer.ContentType(f));
        });

    [Function("Open311Token")]
    public Task<IActionResult> Token([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "tokens/{token}.{format}")] HttpRequest req,
        string token, string format, CancellationToken ct) =>
        // Requests are realtime, so a token is the request id itself: the lookup answers both.
        open311.HandleAsync(req, format, write: false, async f =>
        {
            RequestParsing.RequireIds((token, "token"));
            return await requests.GetAsync(token, ct) is { } r
                ? await Ok(f, Open311Writer.List(f, "service_requests", "request", [new Open311Fields().Add("service_request_id", r.RequestId).Add("token", token)]))
                : Open311Errors.Create(f, 404, $"No request for token {token}.");
        });

    [Function("Open311ListRequests")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "requests.{format}")] HttpRequest req, string format, CancellationToken ct) =>
        open311.HandleAsync(req, format, write: false, async f =>
        {
            var query = Open311Parsing.ToQuery(req.Query, clock.GetUtcNow(), district.Value);
            return await Ok(f, Render(f, req, await requests.ListAsync(query, ct)));
        });

    [Function("Open311GetRequest")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "requests/{serviceRequestId}.{format}")] HttpRequest req,
        string serviceRequestId, string format, CancellationToken ct) =>
        open311.HandleAsync(req, format, write: false, async f =>
        {
            RequestParsing.RequireIds((serviceRequestId, "service_request_id"));
            return await requests.GetAsync(serviceRequestId, ct) is { } r
                ? await Ok(f, Render(f, req, [r]))
                : Open311Errors.Create(f, 404, $"No service request {serviceRequestId}.");
        });

    [Function("Open311Media")]
    public Task<IActionResult> Media([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Prefix + "media/{photoId}.jpg")] HttpRequest req, string photoId, CancellationToken ct) =>
        open311.HandleAsync(req, "xml", write: false, async f => await photos.ReadAsync(photoId, ct) is { } jpeg
            ? new ApiResult(StatusCodes.Status200OK, jpeg, "image/jpeg").WithHeader("Cache-Control", "public, max-age=86400")
            : Open311Errors.Create(f, 404, "No such photo."));

    private TimeZoneInfo Zone => DistrictTime.Resolve(district.Value.TimeZone);

    private string Agency => open311.Options.AgencyResponsible is { Length: > 0 } a ? a : district.Value.Name;

    private byte[] Render(Open311Format f, HttpRequest req, IEnumerable<CitizenRequestView> views) =>
        Open311Writer.List(f, "service_requests", "request", views.Select(r => Open311Resources.Request(r, catalog.Get(r.CategoryCode), Agency, Open311Http.English(req), Zone)));

    private static Task<IActionResult> Ok(Open311Format f, byte[] body) => Task.FromResult<IActionResult>(new ApiResult(StatusCodes.Status200OK, body, Open311Writer.ContentType(f)));
}
