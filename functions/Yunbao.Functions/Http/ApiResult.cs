using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Yunbao.Contracts;

namespace Yunbao.Functions.Http;

/// <summary>
/// A response the API writes itself (status, headers, body), so it needs no MVC formatters: the same
/// result executes in the Functions host, in the DevHost and in a test's DefaultHttpContext.
/// </summary>
public sealed class ApiResult(int status, ReadOnlyMemory<byte> body, string? contentType) : IActionResult
{
    public int StatusCode { get; } = status;
    public ReadOnlyMemory<byte> Body { get; } = body;
    public string? ContentType { get; } = contentType;
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ApiResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers) response.Headers[name] = value;
        if (ContentType is not null) response.ContentType = ContentType;
        if (Body.Length > 0)
        {
            response.ContentLength = Body.Length;
            await response.Body.WriteAsync(Body, context.HttpContext.RequestAborted);
        }
    }

    public static ApiResult Json(object body, int status = StatusCodes.Status200OK) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), YunbaoJson.Options), "application/json; charset=utf-8");

    public static ApiResult Png(ReadOnlyMemory<byte> png) => new(StatusCodes.Status200OK, png, "image/png");

    public static ApiResult NoContent() => new(StatusCodes.Status204NoContent, ReadOnlyMemory<byte>.Empty, null);
}
