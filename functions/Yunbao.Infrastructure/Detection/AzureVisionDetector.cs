using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Yunbao.Contracts.Frames;
using Yunbao.Application.Ports;
using Yunbao.Domain.Detection;
using Yunbao.Application;

namespace Yunbao.Infrastructure.Detection;

/// <summary>
/// Image Analysis 4.0 REST ("Call the Image Analysis 4.0 Analyze API", learn.microsoft.com/azure/ai-services/computer-vision/how-to/call-analyze-image-40):
/// POST {endpoint}/computervision/imageanalysis:analyze?api-version=2024-02-01&amp;features=objects,tags with the image
/// bytes as application/octet-stream. The answer carries objectsResult.values[] {boundingBox {x,y,w,h}, tags [{name,
/// confidence}]} and tagsResult.values[] {name, confidence}; errors are {"error": {"code", "message"}}.
/// The REST API is called directly because Azure.AI.Vision.ImageAnalysis is not in our package registry. Image Analysis
/// 4.0 retires on 2028-09-25, which is why this is one IDetector among several.
/// </summary>
public sealed class AzureVisionDetector : IDetector
{
    public const string ProviderName = DetectorOptions.AzureVision;

    private readonly HttpClient _http;
    private readonly IVisionCredential _credential;
    private readonly VisionOptions _options;
    private readonly ILogger<AzureVisionDetector> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public AzureVisionDetector(HttpClient http, IVisionCredential credential, IOptions<VisionOptions> options, ILogger<AzureVisionDetector> logger)
    {
        _http = http;
        _credential = credential;
        _options = options.Value;
        _logger = logger;
        if (string.IsNullOrWhiteSpace(_options.Endpoint))
            throw new InvalidOperationException("Vision__Endpoint is not set; it is required when Detector__Provider is azure-vision.");
        _retry = BuildRetry(_options, logger);
    }

    public string Name => ProviderName;
    public bool IsSimulation => false;

    public async Task<DetectionResult> DetectAsync(FrameContent frame, CancellationToken cancellationToken)
    {
        var uri = new Uri($"{_options.Endpoint!.TrimEnd('/')}/computervision/imageanalysis:analyze?api-version={Uri.EscapeDataString(_options.ApiVersion)}&features=objects,tags");
        var image = frame.Image;

        using var response = await _retry.ExecuteAsync(async ct =>
        {
            // A request message can be sent once; each attempt builds its own.
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(image) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            await _credential.ApplyAsync(request, ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.Timeout);
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }, cancellationToken);

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var (code, message) = ReadError(body);
            // 400 means this image can never be analysed (format, size): the frame goes to poison with the reason.
            if (response.StatusCode == HttpStatusCode.BadRequest)
                throw new UnprocessableInputException($"Azure AI Vision rejected frame '{frame.Capture.BlobName}' ({code}): {message}");
            throw new VisionRequestException(response.StatusCode, code, message);
        }

        var result = Parse(body, _options.MinTagConfidence);
        _logger.LogInformation("Azure AI Vision saw {Objects} objects and {Tags} tags in frame {FrameId} from {DeviceId}",
            result.Objects.Count, result.Tags.Count, frame.Capture.BlobName, frame.Capture.DeviceId);
        return result;
    }

    /// <summary>Reads an analyze response. Labels are lower-cased (the catalog's evidence labels are lower case).</summary>
    public static DetectionResult Parse(string json, double minTagConfidence)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var objects = new List<DetectedObject>();
        if (root.TryGetProperty("objectsResult", out var objectsResult) && objectsResult.TryGetProperty("values", out var values))
        {
            foreach (var o in values.EnumerateArray())
            {
                if (!o.TryGetProperty("boundingBox", out var bb)) continue;
                var box = new PixelBox(Int(bb, "x"), Int(bb, "y"), Int(bb, "w"), Int(bb, "h"));
                // GA shape: tags[] per object (best first). The preview shape had name/confidence on the object itself.
                if (o.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array && tags.GetArrayLength() > 0)
                {
                    var best = tags.EnumerateArray().OrderByDescending(t => Double(t, "confidence")).First();
                    objects.Add(new DetectedObject(Label(best), Double(best, "confidence"), box));
                }
                else if (o.TryGetProperty("name", out _))
                {
                    objects.Add(new DetectedObject(Label(o), Double(o, "confidence"), box));
                }
            }
        }

        var tagNames = new List<string>();
        if (root.TryGetProperty("tagsResult", out var tagsResult) && tagsResult.TryGetProperty("values", out var tagValues))
            foreach (var t in tagValues.EnumerateArray())
                if (Double(t, "confidence") >= minTagConfidence) tagNames.Add(Label(t));

        return new DetectionResult(ProviderName, Simulated: false, objects, tagNames);
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildRetry(VisionOptions options, ILogger logger) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                // The service says how long to wait on 429 (and sometimes 503): honour it, within reason.
                DelayGenerator = args =>
                {
                    var retryAfter = args.Outcome.Result?.Headers.RetryAfter;
                    TimeSpan? delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
                    if (delay is null) return ValueTask.FromResult<TimeSpan?>(null);
                    var bounded = delay.Value < TimeSpan.Zero ? TimeSpan.Zero : delay.Value > options.MaxRetryAfter ? options.MaxRetryAfter : delay.Value;
                    return ValueTask.FromResult<TimeSpan?>(bounded);
                },
                OnRetry = args =>
                {
                    logger.LogWarning("Azure AI Vision attempt {Attempt} failed ({Status}); retrying in {DelayMs} ms",
                        args.AttemptNumber + 1,
                        args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name,
                        (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private static (string? Code, string Message) ReadError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var error))
                return (error.TryGetProperty("code", out var c) ? c.ToString() : null,
                        error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : body);
        }
        catch (JsonException) { /* not JSON: report the text */ }
        return (null, body.Length > 500 ? body[..500] : body);
    }

    private static string Label(JsonElement e) => (e.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "").Trim().ToLowerInvariant();
    private static double Double(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.TryGetDouble(out var d) ? d : 0;
    private static int Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : 0;
}
