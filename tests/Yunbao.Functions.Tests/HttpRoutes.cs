using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Tests;

/// <summary>Every HTTP function of the Functions app, read from its [Function] + [HttpTrigger] attributes (as the DevHost serves them).</summary>
public static class HttpRoutes
{
    public static IReadOnlyList<HttpRoute> All { get; } = typeof(HttpApi).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => (t, m)))
        .Select(x => (x.t, x.m, fn: x.m.GetCustomAttribute<FunctionAttribute>(),
            trigger: x.m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
        .Where(x => x.fn is not null && x.trigger is not null)
        .Select(x => new HttpRoute(x.fn!.Name, (x.trigger!.Methods ?? ["get", "post"]).Select(v => v.ToUpperInvariant()).ToList(),
            x.trigger.Route ?? x.fn.Name, x.t, x.m))
        .OrderBy(r => r.Template, StringComparer.Ordinal)
        .ToList();

    /// <summary>The routes that change state (POST/PUT/PATCH/DELETE), each once per method.</summary>
    public static IReadOnlyList<HttpRoute> StateChanging => All.Where(r => r.ChangesState).ToList();
}
