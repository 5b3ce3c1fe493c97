using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Yunbao.Functions.Http;

namespace Yunbao.DevHost;

/// <summary>
/// The Functions app's HTTP routes, read from its [Function] + [HttpTrigger] attributes, so the DevHost serves
/// exactly the same routes and runs the same function methods without writing a route twice.
/// </summary>
public static class FunctionEndpoints
{
    public const string RoutePrefix = "api";

    public static IReadOnlyList<HttpFunction> Discover(Assembly functionsAssembly) =>
        functionsAssembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => (t, m)))
            .Select(x => (x.t, x.m, fn: x.m.GetCustomAttribute<FunctionAttribute>(),
                trigger: x.m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.fn is not null && x.trigger is not null)
            .Select(x => new HttpFunction(x.fn!.Name, (x.trigger!.Methods ?? ["get", "post"]).Select(v => v.ToUpperInvariant()).ToList(),
                x.trigger.Route ?? x.fn.Name, x.t, x.m))
            .OrderBy(f => f.Route, StringComparer.Ordinal)
            .ToList();

    /// <summary>Maps every HTTP function under /api with the same template (route constraints included).</summary>
    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions)
    {
        // The host's own answers (no route 404, wrong method 405, …) are problem+json like the API's.
        if (endpoints is IApplicationBuilder app) app.UseStatusCodePages(StatusProblemAsync);
        foreach (var function in functions)
            endpoints.MapMethods($"/{RoutePrefix}/{function.Route}", function.Methods, context => InvokeAsync(function, context))
                .WithDisplayName(function.Name);
    }

    /// <summary>Binds the method's parameters the way the isolated worker does (HttpRequest, route values by name, CancellationToken) and runs the result.</summary>
    public static async Task InvokeAsync(HttpFunction function, HttpContext context)
    {
        var instance = ActivatorUtilities.CreateInstance(context.RequestServices, function.FunctionClass);
        var args = function.Method.GetParameters().Select(p => Bind(p, context)).ToArray();
        var returned = function.Method.Invoke(instance, args);
        var result = returned switch
        {
            Task<IActionResult> t => await t,
            IActionResult r => r,
            Task t => await AwaitPlain(t),
            _ => new StatusCodeResult(StatusCodes.Status204NoContent),
        };
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    /// <summary>A problem+json body for a status the host produced without one (the functions always write their own).</summary>
    public static Task StatusProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var (type, title) = status switch
        {
            StatusCodes.Status404NotFound => ("not-found", "Not found."),
            StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "Method not allowed."),
            StatusCodes.Status413PayloadTooLarge => ("payload-too-large", "The request body is too large."),
            StatusCodes.Status414UriTooLong => ("uri-too-long", "The URI is too long."),
            StatusCodes.Status431RequestHeaderFieldsTooLarge => ("headers-too-large", "The request headers are too large."),
            >= 500 => ("internal", "Something went wrong on our side."),
            _ => ("http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture), "The request was not accepted."),
        };
        var problem = Problems.Create(http.Request, status, type, title, $"{http.Request.Method} {http.Request.Path} answered {status}.");
        return problem.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
    }

    private static async Task<IActionResult> AwaitPlain(Task t)
    {
        await t;
        return new StatusCodeResult(StatusCodes.Status204NoContent);
    }

    private static object? Bind(ParameterInfo p, HttpContext context)
    {
        if (p.ParameterType == typeof(HttpRequest)) return context.Request;
        if (p.ParameterType == typeof(CancellationToken)) return context.RequestAborted;
        if (context.Request.RouteValues.TryGetValue(p.Name!, out var value))
            return p.ParameterType == typeof(string) ? value?.ToString() : Convert.ChangeType(value, p.ParameterType, System.Globalization.CultureInfo.InvariantCulture);
        return p.HasDefaultValue ? p.DefaultValue : null;
    }
}
