using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Ports;
using Yunbao.Contracts.Validation;
using Yunbao.Domain.WorkOrders;
using Yunbao.Infrastructure;

namespace Yunbao.Functions.Http;

/// <summary>
/// What every HTTP function shares: who the caller is, and how failures become problem+json. Function classes call
/// <see cref="HandleAsync(HttpRequest, Func{CallerIdentity, Task{IActionResult}}, string[])"/> and stay a few lines.
/// <para>
/// Who the caller is: in Azure only X-MS-CLIENT-PRINCIPAL, and only when the platform's authentication is on
/// (WEBSITE_AUTH_ENABLED; Easy Auth then strips client-sent copies). In LocalMode the header is read as well (nothing
/// local strips it: it is a test and tool convenience), and without it the labelled local dev principal acts, with the
/// role and steward the request picks in <see cref="LocalDevHeaders"/>. A steward principal is mapped to its steward by
/// its user object id; no steward → 403.
/// </para>
/// </summary>
public sealed class HttpApi(IOptions<HostModeOptions> hostMode, IOptions<DistrictOptions> district, IStewardRepository stewards, ILogger<HttpApi> logger)
{
    /// <summary>The roles a caller can act in, most privileged first: the first the principal has among a route's roles is the one used.</summary>
    private static readonly string[] RolePrecedence = [Roles.Dispatcher, Roles.Operator, Roles.Steward, Roles.Citizen];

    public bool LocalMode => hostMode.Value.LocalMode;

    /// <summary>Runs <paramref name="handler"/> for an authenticated caller in one of <paramref name="anyOfRoles"/>; every failure is problem+json.</summary>
    public Task<IActionResult> HandleAsync(HttpRequest request, Func<CallerIdentity, Task<IActionResult>> handler, params string[] anyOfRoles) =>
        HandleAsync(request, async () =>
        {
            if (!TryAuthenticate(request, out var principal, out var failure)) return failure;
            var role = RolePrecedence.FirstOrDefault(r => principal.IsInRole(r) && (anyOfRoles.Length == 0 || anyOfRoles.Contains(r)));
            if (role is null)
                return Label(principal, Problems.Forbidden(request, $"This needs one of the roles: {string.Join(", ", anyOfRoles)}."));
            string? stewardId = null;
            if (role == Roles.Steward && (stewardId = await StewardIdAsync(request, principal)) is null)
                return Label(principal, Problems.Forbidden(request, principal.IsDevPrincipal
                    ? $"The local dev steward needs a valid {LocalDevHeaders.StewardId} header."
                    : "The signed-in user is not registered as a steward in this district (no steward has their user object id)."));
            var caller = new CallerIdentity(principal, role, stewardId);
            if (caller.IsDevPrincipal)
                logger.LogInformation("HTTP {Method} {Path} by the LOCAL DEV PRINCIPAL as {Role} {StewardId} (LocalMode only)", request.Method, request.Path.Value, role, stewardId);
            return Label(principal, await handler(caller));
        });

    /// <summary>Runs a handler (anonymous routes: tiles, health) with the same error mapping and a problem+json catch-all.</summary>
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
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The catch-all: anything unexpected is logged with a correlation id and answered 500 problem+json, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var correlationId = Activity.Current?.TraceId.ToString() is { } trace && trace != default(ActivityTraceId).ToString() ? trace : request.HttpContext.TraceIdentifier;
            logger.LogError(e, "HTTP {Method} {Path} failed unexpectedly (correlation id {CorrelationId})", request.Method, request.Path.Value, correlationId);
            return Problems.Create(request, 500, "internal", "Something went wrong on our side.",
                $"The request failed unexpectedly. Quote correlation id {correlationId} when you report it.",
                extensions: new Dictionary<string, object?> { ["correlationId"] = correlationId });
        }
    }

    public bool TryAuthenticate(HttpRequest request, [NotNullWhen(true)] out ClientPrincipal? principal, [NotNullWhen(false)] out IActionResult? failure)
    {
        failure = null;
        principal = null;
        var header = request.Headers[ClientPrincipal.HeaderName].ToString();
        if (header.Length > 0)
        {
            if (!LocalMode && !hostMode.Value.PlatformAuthEnabled)
            {
                logger.LogWarning("X-MS-CLIENT-PRINCIPAL ignored: the platform's authentication is off (WEBSITE_AUTH_ENABLED), so the header is whatever the caller sent");
                failure = Problems.Unauthorized(request, "Sign-in is not enabled on this deployment, so no principal header is trusted.");
                return false;
            }
            principal = ClientPrincipal.Parse(header);
            if (principal is not null) return true;
            failure = Problems.Unauthorized(request, "The X-MS-CLIENT-PRINCIPAL header is not a valid principal.");
            return false;
        }
        if (LocalMode)
        {
            var role = request.Headers[LocalDevHeaders.Role].ToString() is { Length: > 0 } r ? r.ToLowerInvariant() : Roles.Dispatcher;
            if (RolePrecedence.Contains(role))
            {
                principal = ClientPrincipal.LocalDev(role);
                return true;
            }
            failure = Problems.Unauthorized(request, $"{LocalDevHeaders.Role} must be one of {string.Join(", ", RolePrecedence)}.");
            return false;
        }
        failure = Problems.Unauthorized(request, "No X-MS-CLIENT-PRINCIPAL header: sign in through the platform's authentication.");
        return false;
    }

    /// <summary>The steward a steward principal is: the local dev pick, or the steward whose userObjectId is the principal's object id.</summary>
    private async Task<string?> StewardIdAsync(HttpRequest request, ClientPrincipal principal)
    {
        if (principal.IsDevPrincipal)
            return request.Headers[LocalDevHeaders.StewardId].ToString() is var pick && Identifier.IsValid(pick) ? pick : null;
        var steward = await stewards.FindByUserObjectIdAsync(district.Value.DistrictId, principal.Id, request.HttpContext.RequestAborted);
        return steward?.Id;
    }

    private static IActionResult Label(ClientPrincipal principal, IActionResult result) =>
        principal.IsDevPrincipal && result is ApiResult api ? api.WithHeader(LocalDevHeaders.Label, principal.Name) : result;

    /// <summary>The one mapping of domain exceptions to HTTP status codes.</summary>
    public static ApiResult? MapException(HttpRequest request, Exception e) => e switch
    {
        RequestRejectedException r => Problems.Create(request, r.Status, r.Type, r.Title, r.Message, r.Errors),
        InvalidTransitionException t => Problems.InvalidTransition(request, t.From, t.Action, t.Reason, t.Message),
        ConcurrencyConflictException { AlreadyExists: true } c => Problems.Conflict(request, c.Message),
        ConcurrencyConflictException => Problems.PreconditionFailed(request, "It changed since it was read: read it again and retry with the new ETag."),
        UnprocessableInputException u => Problems.Create(request, 422, "unprocessable", "The request cannot be processed.", u.Message),
        KeyNotFoundException k => Problems.NotFound(request, k.Message),
        _ when DependencyFailure.Classify(e) is { } d => Problems.DependencyUnavailable(request, d.Dependency, d.TimedOut, d.Detail),
        _ => null,
    };
}
