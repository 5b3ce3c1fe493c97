using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Yunbao.Functions.Tests;

/// <summary>
/// One HTTP function as the Functions runtime (and the DevHost's FunctionEndpoints) sees it: its [HttpTrigger] methods
/// and route, and the method that runs it. Found by <see cref="HttpRoutes.All"/>, so a new route is covered by the tests
/// that go over every route without anyone listing it.
/// </summary>
public sealed partial record HttpRoute(string Name, IReadOnlyList<string> Methods, string Template, Type FunctionClass, MethodInfo Method)
{
    /// <summary>The route's parameters ({id}, {z}, …), constraints stripped.</summary>
    public IReadOnlyList<string> Parameters => ParameterPattern().Matches(Template).Select(m => m.Groups[1].Value).ToList();

    /// <summary>State-changing: what needs a role, an If-Match where the resource has an ETag, and a JSON body.</summary>
    public bool ChangesState => Methods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE");

    /// <summary>The request path with <paramref name="values"/> put in (escaped as a client would).</summary>
    public string PathWith(IReadOnlyDictionary<string, string> values) =>
        "/api/" + ParameterPattern().Replace(Template, m => Uri.EscapeDataString(values[m.Groups[1].Value]));

    /// <summary>Runs the function the way the isolated worker binds it: HttpRequest, route values by name (decoded), CancellationToken.</summary>
    public Task<HttpAnswer> InvokeAsync(FunctionsTestHost host, HttpRequest request, IReadOnlyDictionary<string, string> values)
    {
        var instance = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(host.Services, FunctionClass);
        var args = Method.GetParameters().Select(p =>
            p.ParameterType == typeof(HttpRequest) ? request
            : p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
            : (object?)values[p.Name!]).ToArray();
        return HttpCall.ExecuteAsync(request, (Task<IActionResult>)Method.Invoke(instance, args)!);
    }

    public override string ToString() => $"{string.Join(",", Methods)} {Template}";

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex ParameterPattern();
}
