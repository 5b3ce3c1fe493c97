using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application.Ports;
using Yunbao.Application;
using Yunbao.Domain.WorkOrders;
using Yunbao.Infrastructure;

namespace Yunbao.Functions.Http;

/// <summary>
/// What every HTTP function shares: who the caller is, and how domain failures become problem+json.
/// Function classes call <see cref="HandleAsync"/> and stay a few lines.
/// </summary>
public sealed class HttpApi(IOptions<HostModeOptions> hostMode, ILogger<HttpApi> logger)
{
    public bool LocalMode => hostMode.Value.LocalMode;

    /// <summary>Runs <paramref name="handler"/> for an authenticated caller; maps known domain exceptions to problem+json.</summary>
    public async Task<IActionResult> HandleAsync(HttpRequest request, Func<ClientPrincipal, Task<IActionResult>> handler, params string[] anyOfRoles)
    {
        if (!TryAuthenticate(request, out var principal, out var failure)) return failure;
        if (anyOfRoles.Length > 0 && !anyOfRoles.Any(principal.IsInRole))
            return Problems.Forbidden(request, $"This needs one of the roles: {string.Join(", ", anyOfRoles)}.");
        return await HandleAsync(request, () => handler(principal));
    }

    /// <summary>Runs an anonymous handler (tiles, health) with the same error mapping.</summary>
    public async Task<IActionResult> HandleAsync(HttpRequest request, Func<Task<IActionResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception e) when (MapException(request, e) is { } mapped)
        {
            logger.LogInformation("HTTP {Method} {Path} answered {Status}: {Reason}", request.Method, request.Path.Value, mapped.StatusCode, e.Message);
            return mapped;
        }
    }

    public bool TryAuthenticate(HttpRequest request, [NotNullWhen(true)] out ClientPrincipal? principal, [NotNullWhen(false)] out IActionResult? failure)
    {
        failure = null;
        var header = request.Headers[ClientPrincipal.HeaderName].ToString();
        principal = ClientPrincipal.Parse(header, request.Headers[ClientPrincipal.IdHeaderName].ToString() is { Length: > 0 } id ? id : null);
        if (principal is not null) return true;
        if (string.IsNullOrEmpty(header) && LocalMode)
        {
            principal = ClientPrincipal.Dev;
            return true;
        }
        failure = Problems.Unauthorized(request, string.IsNullOrEmpty(header)
            ? "No X-MS-CLIENT-PRINCIPAL header: sign in through the platform's authentication."
            : "The X-MS-CLIENT-PRINCIPAL header is not a valid principal.");
        return false;
    }

    /// <summary>The one mapping of domain exceptions to HTTP status codes.</summary>
    public static ApiResult? MapException(HttpRequest request, Exception e) => e switch
    {
        InvalidTransitionException t => Problems.InvalidTransition(request, t.From, t.Action, t.Reason, t.Message),
        ConcurrencyConflictException { AlreadyExists: true } c => Problems.Conflict(request, c.Message),
        ConcurrencyConflictException c => Problems.PreconditionFailed(request, c.Message + " Read it again and retry with the new ETag."),
        UnprocessableInputException u => Problems.Create(request, 422, "unprocessable", "The request cannot be processed.", u.Message),
        KeyNotFoundException k => Problems.NotFound(request, k.Message),
        _ when DependencyFailure.Classify(e) is { } d => Problems.DependencyUnavailable(request, d.Dependency, d.TimedOut, d.Detail),
        _ => null,
    };
}
