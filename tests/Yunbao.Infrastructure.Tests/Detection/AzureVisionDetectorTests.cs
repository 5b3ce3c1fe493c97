using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Detection;
using Yunbao.Application;
using Yunbao.Infrastructure.Detection;

namespace Yunbao.Infrastructure.Tests.Detection;

/// <summary>
/// The real client against a local HTTP server that answers like Image Analysis 4.0 (a hand-written stand-in is
/// right here: the real service is paid and needs a key). Each test scripts the server's answers in order.
/// </summary>
public sealed class AzureVisionDetectorTests : IAsyncLifetime
{
    private const string Key = "test-key-not-a-secret";
    private WebApplication? _app;
    private Uri _endpoint = null!;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly ConcurrentQueue<(string Path, string Query, string? Key, string? ContentType, int Bytes, DateTimeOffset At)> _requests = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/computervision/imageanalysis:analyze", async (HttpContext ctx) =>
        {
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            _requests.Enqueue((ctx.Request.Path, ctx.Request.QueryString.Value ?? "", ctx.Request.Headers["Ocp-Apim-Subscription-Key"].FirstOrDefault(),
                ctx.Request.ContentType, (int)body.Length, DateTimeOffset.UtcNow));
            if (ctx.Request.Headers["Ocp-Apim-Subscription-Key"] != Key)
            {
                ctx.Response.StatusCode = 401;
                await ctx.Response.WriteAsJsonAsync(new { error = new { code = "401", message = "Access denied due to invalid subscription key or wrong API endpoint." } });
                return;
            }
            if (_script.TryDequeue(out var step)) await step(ctx);
            else await Success(ctx);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _endpoint = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    private static Task Success(HttpContext ctx)
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.SendFileAsync(Path.Combine(AppContext.BaseDirectory, "Samples", "vision-analyze-objects-tags.json"));
    }

    private static Func<HttpContext, Task> Status(int status, string? retryAfter = null, string code = "Throttled", string message = "try later") => async ctx =>
    {
        ctx.Response.StatusCode = status;
        if (retryAfter is not null) ctx.Response.Headers.RetryAfter = retryAfter;
        await ctx.Response.WriteAsJsonAsync(new { error = new { code, message } });
    };

    private AzureVisionDetector Detector(string key = Key, int maxRetries = 3) =>
        new(new HttpClient(), new VisionKeyCredential(key), Options.Create(new VisionOptions
        {
            Endpoint = _endpoint.ToString(),
            Key = key,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        }), NullLogger<AzureVisionDetector>.Instance);

    private static FrameContent Frame() => new(
        new FrameCapture { BlobName = "patrol-01/f1.jpg", DeviceId = "patrol-01", DistrictId = "lize", CapturedAt = DateTimeOffset.UnixEpoch, Position = new GeoPoint(116.31, 39.86) },
        new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 1, 2, 3 }, "image/jpeg", new Dictionary<string, string>());

    [Fact]
    public async Task Success_parses_objects_and_tags_from_the_documented_shape()
    {
        var result = await Detector().DetectAsync(Frame(), default);

        Assert.Equal("azure-vision", result.Provider);
        Assert.False(result.Simulated);
        Assert.Equal(
            [new DetectedObject("car", 0.724, new PixelBox(0, 212, 282, 149)), new DetectedObject("taxi", 0.77, new PixelBox(408, 231, 242, 102)), new DetectedObject("umbrella", 0.633, new PixelBox(900, 100, 120, 160))],
            result.Objects);
        Assert.Equal(["outdoor", "street", "car"], result.Tags); // umbrella tag is below MinTagConfidence 0.5

        var request = Assert.Single(_requests);
        Assert.Equal("/computervision/imageanalysis:analyze", request.Path);
        Assert.Contains("api-version=2024-02-01", request.Query);
        Assert.Contains("features=objects,tags", request.Query);
        Assert.Equal("application/octet-stream", request.ContentType);
        Assert.Equal(8, request.Bytes);
    }

    [Fact]
    public async Task Throttled_429_waits_for_retry_after_then_succeeds()
    {
        _script.Enqueue(Status(429, retryAfter: "1"));
        var result = await Detector().DetectAsync(Frame(), default);

        Assert.Equal(3, result.Objects.Count);
        var requests = _requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), $"waited only {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Service_unavailable_503_is_retried_then_succeeds()
    {
        _script.Enqueue(Status(503, code: "ServiceUnavailable"));
        _script.Enqueue(Status(500, code: "InternalServerError"));
        var result = await Detector().DetectAsync(Frame(), default);
        Assert.Equal(3, result.Objects.Count);
        Assert.Equal(3, _requests.Count);
    }

    [Fact]
    public async Task Persistent_503_gives_up_after_the_bounded_attempts_with_the_services_message()
    {
        for (var i = 0; i < 10; i++) _script.Enqueue(Status(503, code: "ServiceUnavailable", message: "The service is busy."));
        var e = await Assert.ThrowsAsync<VisionRequestException>(() => Detector(maxRetries: 2).DetectAsync(Frame(), default));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.Status);
        Assert.Contains("The service is busy.", e.Message);
        Assert.Equal(3, _requests.Count);
    }

    [Fact]
    public async Task Wrong_key_401_is_a_clear_error_and_not_retried()
    {
        var e = await Assert.ThrowsAsync<VisionRequestException>(() => Detector(key: "wrong").DetectAsync(Frame(), default));
        Assert.Equal(HttpStatusCode.Unauthorized, e.Status);
        Assert.Contains("invalid subscription key", e.Message);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task Bad_image_400_makes_the_frame_unprocessable_with_the_reason()
    {
        _script.Enqueue(Status(400, code: "InvalidRequest", message: "Image format is not valid."));
        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => Detector().DetectAsync(Frame(), default));
        Assert.Contains("Image format is not valid.", e.Message);
        Assert.Contains("patrol-01/f1.jpg", e.Message);
        Assert.Single(_requests);
    }
}
