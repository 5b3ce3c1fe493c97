using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Operations;
using Yunbao.Application.WorkOrders;
using Yunbao.Domain.WorkOrders;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>
/// An order's pictures, streamed through the API (the `frames` and `evidence` containers stay private), and the steward's
/// photo upload: JPEG or PNG, at most 10 MB, decoded in full before it is stored. HEIC is not accepted: browsers hand a
/// file input's HEIC photo over as JPEG when the input asks for image/jpeg, which the steward page does.
/// </summary>
public sealed class OrderEvidenceApi(WorkOrderQueries workOrders, OrderEvidence evidence, HttpApi api, IOptions<DistrictOptions> district)
{
    [Function("ListWorkOrderEvidence")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workorders/{id}/evidence")] HttpRequest req, string id, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            if (await ReadableAsync(req, id, caller, ct) is not { } order) return NotFound(req, id);
            var url = $"{req.PathBase}/api/workorders/{order.Id}";
            return ApiResult.Json(new { items = (await evidence.ListAsync(order, ct)).Select(e => EvidenceItemResource.From(e, url)).ToList() });
        }, Roles.Dispatcher, Roles.Steward);

    [Function("GetWorkOrderEvidence")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workorders/{id}/evidence/{key}")] HttpRequest req, string id, string key, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            RequestParsing.RequireIds((key, "key"));
            if (await ReadableAsync(req, id, caller, ct) is not { } order || await evidence.ReadAsync(order, key, ct) is not { } image) return NotFound(req, id);
            // Private: a shared cache must never keep one caller's evidence for another.
            return new ApiResult(StatusCodes.Status200OK, image.Bytes, image.ContentType).WithHeader("Cache-Control", "private, max-age=300")
                .WithHeader("X-Content-Type-Options", "nosniff");
        }, Roles.Dispatcher, Roles.Steward);

    [Function("UploadWorkOrderPhoto")]
    public Task<IActionResult> Upload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workorders/{id}/photos")] HttpRequest req, string id, CancellationToken ct) =>
        api.HandleAsync(req, async caller =>
        {
            RequestParsing.RequireIds((id, "id"));
            var declared = (req.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
            if (declared is not ("image/jpeg" or "image/png"))
                return Problems.Create(req, 415, "unsupported-media-type", "Unsupported media type.", "Send the photo's bytes as image/jpeg or image/png.");
            if (req.ContentLength > OrderEvidence.MaxPhotoBytes) return TooLarge(req);
            if (await workOrders.GetAsync(district.Value.DistrictId, id, ct) is not { } order) return NotFound(req, id);
            if (!TransitionPolicy.MayRead(caller.ToActor(), order)) return Problems.Forbidden(req, $"Work order {id} is not assigned to you.");
            if (await ReadBodyAsync(req, ct) is not { } bytes) return TooLarge(req);
            if (await evidence.AddPhotoAsync(order, bytes, ct) is not { } photo)
                return Problems.Invalid(req, "body", "Not a JPEG or PNG that decodes completely (an empty, truncated or disguised file).");
            if (photo.ContentType != declared) return Problems.Invalid(req, "body", $"The photo is {photo.ContentType}, not {declared} as sent.");
            var url = $"{req.PathBase}/api/workorders/{order.Id}/evidence/{photo.Key}";
            return ApiResult.Json(new { photo.Key, url, evidence = photo.EvidenceReference, photo.ContentType, photo.Width, photo.Height }, StatusCodes.Status201Created)
                .WithHeader("Location", url);
        }, Roles.Dispatcher, Roles.Steward);

    private async Task<WorkOrder?> ReadableAsync(HttpRequest req, string id, CallerIdentity caller, CancellationToken ct)
    {
        RequestParsing.RequireIds((id, "id"));
        var order = await workOrders.GetAsync(district.Value.DistrictId, id, ct);
        return order is not null && TransitionPolicy.MayRead(caller.ToActor(), order) ? order : null;
    }

    /// <summary>The body, or null once it passes the limit (a chunked upload has no Content-Length to refuse early).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest req, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await req.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > OrderEvidence.MaxPhotoBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private ApiResult NotFound(HttpRequest req, string id) => Problems.NotFound(req, $"No work order {id} (or no such picture of it) for you in district {district.Value.DistrictId}.");

    private static ApiResult TooLarge(HttpRequest req) =>
        Problems.Create(req, 413, "payload-too-large", "The photo is too large.", $"Photos are limited to {OrderEvidence.MaxPhotoBytes / (1024 * 1024)} MB.");
}
