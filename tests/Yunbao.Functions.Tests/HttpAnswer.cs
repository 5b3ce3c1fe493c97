using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace Yunbao.Functions.Tests;

/// <summary>A response as a client sees it, after the function's IActionResult ran against a real HttpContext.</summary>
public sealed record HttpAnswer(int Status, IHeaderDictionary Headers, string? ContentType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
