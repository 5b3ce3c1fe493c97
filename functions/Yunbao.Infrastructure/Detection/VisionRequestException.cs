using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Yunbao.Infrastructure.Detection;

/// <summary>Azure AI Vision refused a request for a reason other than the image itself (auth, quota, outage after retries).</summary>
public sealed class VisionRequestException(HttpStatusCode status, string? code, string message)
    : Exception($"Azure AI Vision answered {(int)status} {status}{(code is null ? "" : $" ({code})")}: {message}")
{
    public HttpStatusCode Status { get; } = status;
    public string? Code { get; } = code;
}
