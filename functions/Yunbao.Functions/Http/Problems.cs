using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Yunbao.Domain.WorkOrders;
using Yunbao.Contracts;

namespace Yunbao.Functions.Http;

/// <summary>The one place that builds problem+json responses.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json; charset=utf-8";
    private const string TypeBase = "https://yunbao.example/problems/";

    public static ApiResult Create(HttpRequest? request, int status, string type, string title, string detail,
        IReadOnlyDictionary<string, string[]>? errors = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new Problem(TypeBase + type, title, status, detail, request is null ? null : request.PathBase + request.Path)
        {
            Errors = errors,
            Extensions = extensions?.ToDictionary(kv => kv.Key, kv => kv.Value),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(problem, YunbaoJson.Options);
        return new ApiResult(status, body, ContentType);
    }

    public static ApiResult Validation(HttpRequest request, IReadOnlyDictionary<string, string[]> errors) =>
        Create(request, 400, "validation", "The request is not valid.",
            "One or more fields are invalid: " + string.Join(", ", errors.Keys) + ".", errors);

    public static ApiResult Invalid(HttpRequest request, string field, string message) =>
        Validation(request, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiResult NotFound(HttpRequest request, string what) =>
        Create(request, 404, "not-found", "Not found.", what);

    public static ApiResult Unauthorized(HttpRequest request, string detail) =>
        Create(request, 401, "unauthorized", "Authentication required.", detail).WithHeader("WWW-Authenticate", "EasyAuth");

    public static ApiResult Forbidden(HttpRequest request, string detail) =>
        Create(request, 403, "forbidden", "Not allowed.", detail);

    public static ApiResult PreconditionRequired(HttpRequest request) =>
        Create(request, 428, "precondition-required", "If-Match required.",
            "Send the ETag you last read in an If-Match header, so a concurrent change is never silently overwritten.");

    public static ApiResult PreconditionFailed(HttpRequest request, string detail, string? currentETag = null) =>
        Create(request, 412, "precondition-failed", "The work order changed.", detail,
            extensions: currentETag is null ? null : new Dictionary<string, object?> { ["currentETag"] = currentETag });

    public static ApiResult Conflict(HttpRequest request, string detail) =>
        Create(request, 409, "conflict", "Conflict.", detail);

    public static ApiResult Unprocessable(HttpRequest request, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        Create(request, 422, "invalid-transition", title, detail, extensions: extensions);

    public static ApiResult InvalidTransition(HttpRequest request, WorkOrderStatus from, string action, string reason, string detail) =>
        Unprocessable(request, "This transition is not allowed.", detail,
            new Dictionary<string, object?> { ["currentStatus"] = YunbaoJson.EnumText(from), ["action"] = action, ["reason"] = reason });

    /// <summary>A dependency (storage, cosmos, …) is down (503) or did not answer within its timeout (504).</summary>
    public static ApiResult DependencyUnavailable(HttpRequest? request, string dependency, bool timedOut, string detail) =>
        Create(request, timedOut ? 504 : 503, timedOut ? "dependency-timeout" : "dependency-unavailable",
            timedOut ? $"The {dependency} dependency did not answer in time." : $"The {dependency} dependency is unavailable.", detail,
            extensions: new Dictionary<string, object?> { ["dependency"] = dependency });

    /// <summary>/api/health when a part is down: 503 naming the failing parts, with everything the 200 answer carries.</summary>
    public static ApiResult Unhealthy(HttpRequest request, Triggers.HealthResource health)
    {
        var failing = health.Parts.Where(p => !p.Up).ToList();
        return Create(request, 503, "unhealthy", "A part of the platform is down.",
            string.Join("; ", failing.Select(p => $"{p.Name}: {p.Detail}")),
            extensions: new Dictionary<string, object?>
            {
                ["failing"] = failing.Select(p => p.Name).ToList(),
                ["parts"] = health.Parts,
                ["notices"] = health.Notices,
                ["detector"] = health.Detector,
                ["localMode"] = health.LocalMode,
                ["standIns"] = health.StandIns,
                ["version"] = health.Version,
            });
    }
}
