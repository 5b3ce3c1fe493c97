using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application;

namespace Yunbao.Functions.Http.Open311;

/// <summary>
/// What the Open311 routes share: the format suffix, the per-address rate limit, the api_key check with its per-key
/// limit, and the mapping of every failure to Open311's error list (never problem+json here). Bodies and contact fields
/// are never logged.
/// </summary>
public sealed class Open311Http(Open311ApiKeys keys, Open311RateLimiter limiter, IOptionsMonitor<Open311Options> options,
    IOptions<HostModeOptions> hostMode, ILogger<Open311Http> logger)
{
    public Open311Options Options => options.CurrentValue;

    public async Task<IActionResult> HandleAsync(HttpRequest request, string? format, bool write, Func<Open311Format, Task<IActionResult>> handler)
    {
        if (!TryParseFormat(format, out var f))
            return Open311Errors.Create(Open311Format.Xml, StatusCodes.Status404NotFound, $"Unknown format '{Clip(format)}': use .xml or .json.");
        try
        {
            var perMinute = write ? Options.PostsPerAddressPerMinute : Options.ReadsPerAddressPerMinute;
            if (limiter.TryAcquire(write ? "post-address" : "read-address", ClientAddress(request), perMinute) is { } wait)
                return Open311Errors.TooManyRequests(f, wait, write ? "requests from this address" : "reads from this address");
            return await handler(f);
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (HttpApi.MapException(request, e) is { } mapped)
        {
            var description = e is RequestRejectedException or UnprocessableInputException or KeyNotFoundException ? e.Message : ReasonPhrases.GetReasonPhrase(mapped.StatusCode);
            logger.LogInformation("Open311 {Method} {Path} answered {Status}: {Reason}", request.Method, request.Path.Value, mapped.StatusCode, description);
            return Open311Errors.Create(f, mapped.StatusCode, description);
        }
#pragma warning disable CA1031 // The catch-all: logged with a correlation id, answered as an Open311 error, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var correlationId = Activity.Current?.TraceId.ToString() ?? request.HttpContext.TraceIdentifier;
            logger.LogError(e, "Open311 {Method} {Path} failed unexpectedly (correlation id {CorrelationId})", request.Method, request.Path.Value, correlationId);
            return Open311Errors.Create(f, 500, $"The request failed unexpectedly. Quote correlation id {correlationId} when you report it.");
        }
    }

    /// <summary>The client system of a POST's api_key (unknown → 403), counted against its per-key limit (→ 429).</summary>
    public (string Id, Open311Client Client) RequireClient(string? apiKey, Open311Format format, out IActionResult? failure)
    {
        failure = null;
        if (keys.Find(apiKey) is not { } found)
        {
            failure = Open311Errors.Create(format, StatusCodes.Status403Forbidden, "Invalid api_key received: a client system needs a key issued by the city.");
            return default;
        }
        if (limiter.TryAcquire("post-key", found.Id, Options.PostsPerKeyPerMinute) is { } wait)
            failure = Open311Errors.TooManyRequests(format, wait, $"requests from client {found.Id}");
        return found;
    }

    /// <summary>
    /// The caller's address for the per-address limit. In Azure the front end appends the client's address to
    /// X-Forwarded-For, so its last entry is the one a client cannot forge; locally (no front end) the connection's.
    /// </summary>
    public string ClientAddress(HttpRequest request)
    {
        if (!hostMode.Value.LocalMode && request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwarded)
        {
            var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (last is { Length: > 0 and <= 64 }) return last;
        }
        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    public static bool TryParseFormat(string? text, out Open311Format format)
    {
        format = Open311Format.Xml;
        switch (text?.ToLowerInvariant())
        {
            case "xml": return true;
            case "json": format = Open311Format.Json; return true;
            default: return false;
        }
    }

    /// <summary>English when the request asks for it (lang=en or Accept-Language en…); 简体中文 otherwise.</summary>
    public static bool English(HttpRequest request)
    {
        var lang = request.Query["lang"].ToString();
        if (lang.Length == 0) lang = request.Headers.AcceptLanguage.ToString();
        return lang.StartsWith("en", StringComparison.OrdinalIgnoreCase);
    }

    private static string Clip(string? s) => s is null ? "" : s.Length <= 16 ? s : s[..16] + "…";
}
