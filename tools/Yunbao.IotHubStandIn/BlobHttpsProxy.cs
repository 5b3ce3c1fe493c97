using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// HTTPS in front of local blob storage for the upload container only: Microsoft's SDKs always PUT the file to
/// <c>https://{hostName}/{container}/{blob}{sas}</c> from the SAS answer, and Azurite on loopback speaks http. Requests are
/// passed on unchanged (the SAS signs the account path, not the host), so Azurite still checks every signature.
/// </summary>
internal sealed class BlobHttpsProxy(Uri accountUri, string container, ILogger logger) : IDisposable
{
    private static readonly string[] ContentHeaders = ["Content-Type", "Content-MD5", "Content-Encoding", "Content-Language", "Content-Disposition"];
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>Path prefix served, e.g. <c>/devstoreaccount1/frames/</c> (Azurite's path-style account).</summary>
    public string Prefix { get; } = accountUri.AbsolutePath.TrimEnd('/') + "/" + container + "/";

    /// <summary>The SAS answer's hostName for a device that came over HTTPS: this proxy's authority plus the account path.</summary>
    public string HostNameFor(Uri httpsBase) => httpsBase.Authority + accountUri.AbsolutePath.TrimEnd('/');

    public void Map(WebApplication app) => app.Use(async (context, next) =>
    {
        if (!context.Request.IsHttps || !context.Request.Path.StartsWithSegments(Prefix.TrimEnd('/'), StringComparison.Ordinal) || !HttpMethods.IsPut(context.Request.Method))
        {
            await next(context);
            return;
        }
        await ForwardAsync(context);
    });

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var target = new Uri(accountUri.GetLeftPart(UriPartial.Authority) + request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        using var message = new HttpRequestMessage(HttpMethod.Put, target) { Content = new StreamContent(request.Body) };
        if (request.ContentLength is { } length) message.Content.Headers.ContentLength = length;
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase)) message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            else if (ContentHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)) message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                context.Response.Headers[name] = values.ToArray();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        logger.LogDebug(StandInLabel.Text + ": HTTPS blob PUT {path} -> {status}", request.Path, (int)response.StatusCode);
    }

    public void Dispose() => _http.Dispose();
}
