using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Yunbao.Functions.Http;
using Yunbao.Contracts;

namespace Yunbao.Functions.Tests;

/// <summary>Builds requests the way the Functions ASP.NET Core integration hands them to a function.</summary>
public static class HttpCall
{
    public static HttpRequest Request(IServiceProvider services, string method, string pathAndQuery, object? jsonBody = null,
        IDictionary<string, string>? headers = null, string? rawBody = null)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        var q = pathAndQuery.IndexOf('?');
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 7071);
        context.Request.Path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        context.Request.QueryString = q < 0 ? QueryString.Empty : new QueryString(pathAndQuery[q..]);
        var body = rawBody ?? (jsonBody is null ? null : JsonSerializer.Serialize(jsonBody, YunbaoJson.Options));
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) context.Request.Headers[k] = v;
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public static async Task<HttpAnswer> ExecuteAsync(HttpRequest request, Task<IActionResult> call)
    {
        var result = await call;
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var body = ((MemoryStream)context.Response.Body).ToArray();
        return new HttpAnswer(context.Response.StatusCode, context.Response.Headers, context.Response.ContentType, body);
    }

    /// <summary>A principal as Easy Auth sets it for the user <paramref name="user"/> (their object id is <see cref="ObjectIdOf"/>).</summary>
    public static Dictionary<string, string> As(string user, params string[] roles) =>
        new() { [ClientPrincipal.HeaderName] = ClientPrincipal.Encode(ObjectIdOf(user), user, roles) };

    /// <summary>The test users' Entra object ids: a steward seeded with this userObjectId is the one <see cref="As"/> signs in as.</summary>
    public static string ObjectIdOf(string user) => "oid-" + user;
}
