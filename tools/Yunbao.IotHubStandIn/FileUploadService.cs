using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Sas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Messaging;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// IoT Hub's file-upload HTTP endpoints on 127.0.0.1 ("Upload files with IoT Hub"): hands out a write-only SAS for
/// `frames/{deviceId}/{blobName}` in the linked storage account (Azurite), and on a success notification enqueues the
/// Microsoft.Storage.BlobCreated event Event Grid would deliver to the `frame-events` queue.
/// </summary>
internal sealed class FileUploadService : IAsyncDisposable
{
    private sealed record PendingUpload(string DeviceId, string BlobName, DateTimeOffset StartedAt);

    private readonly IotHubStandInOptions _options;
    private readonly IdentityAuthenticator _auth;
    private readonly BlobContainerClient _frames;
    private readonly StorageSharedKeyCredential _credential;
    private readonly QueueClient _frameEvents;
    private readonly StandInStats _stats;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, PendingUpload> _pending = new(StringComparer.Ordinal);
    private readonly object _slotGate = new();
    private WebApplication? _app;
    private BlobHttpsProxy? _blobProxy;

    public FileUploadService(IotHubStandInOptions options, IdentityAuthenticator auth, BlobContainerClient frames, StorageSharedKeyCredential credential,
        QueueClient frameEvents, StandInStats stats, TimeProvider time, ILogger logger)
    {
        (_options, _auth, _frames, _credential, _frameEvents, _stats, _time, _logger) = (options, auth, frames, credential, frameEvents, stats, time, logger);
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>HTTPS base address (file upload, MQTT over WebSockets, service API); null without a certificate.</summary>
    public Uri? HttpsBaseAddress { get; private set; }

    public int ActiveUploads(string deviceId) { lock (_slotGate) { ExpireStale(); return _pending.Values.Count(p => p.DeviceId == deviceId); } }

    /// <summary>
    /// Serves the hub's HTTP endpoints on 127.0.0.1: plain on <paramref name="port"/>, and with <paramref name="certificate"/>
    /// also HTTPS on <paramref name="httpsPort"/>, where <paramref name="mapMore"/> adds MQTT over WebSockets and the service API.
    /// </summary>
    public async Task StartAsync(int port, Func<object> describe, X509Certificate2? certificate = null, int httpsPort = 0, Action<WebApplication>? mapMore = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // Kestrel's own lines would not carry the stand-in label: the endpoints log through the stand-in's logger instead.
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            if (certificate is not null)
                k.Listen(IPAddress.Loopback, httpsPort, listen => listen.UseHttps(certificate));
        });
        var app = builder.Build();
        var containerUri = _frames.Uri.AbsoluteUri.TrimEnd('/');
        if (certificate is not null && _frames.Uri.Scheme == Uri.UriSchemeHttp)
        {
            _blobProxy = new BlobHttpsProxy(new Uri(containerUri[..containerUri.LastIndexOf('/')]), _frames.Name, _logger);
            _blobProxy.Map(app);
        }
        app.Use(async (context, next) =>
        {
            context.Response.Headers[StandInLabel.HeaderName] = StandInLabel.Text;
            await next(context);
        });
        app.MapGet("/", () => Results.Json(describe()));
        app.MapPost("/devices/{deviceId}/files", InitiateAsync);
        app.MapPost("/devices/{deviceId}/files/notifications", (string deviceId, HttpRequest request, CancellationToken ct) => CompleteAsync(deviceId, null, request, ct));
        // Microsoft's device SDKs put the correlation id in the path (shared/IOTHUB-PROTOCOL.md, "File upload" 4): both forms are IoT Hub's.
        app.MapPost("/devices/{deviceId}/files/notifications/{correlationId}", (string deviceId, string correlationId, HttpRequest request, CancellationToken ct) =>
            CompleteAsync(deviceId, correlationId, request, ct));
        mapMore?.Invoke(app);
        await app.StartAsync();
        _app = app;
        var urls = app.Urls.Select(u => new Uri(u.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/")).ToList();
        BaseAddress = urls.First(u => u.Scheme == Uri.UriSchemeHttp);
        HttpsBaseAddress = urls.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttps);
        _logger.LogInformation(StandInLabel.Text + ": file upload endpoint on {baseAddress}", BaseAddress);
    }

    private async Task<IResult> InitiateAsync(string deviceId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (Unauthorized(deviceId, request) is { } refusal) return refusal;
        FileUploadRequest? body;
        try { body = await request.ReadFromJsonAsync<FileUploadRequest>(cancellationToken); }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException) { body = null; }
        if (body?.BlobName is not { Length: > 0 } blobName || blobName.Length > 1024 || blobName.Contains("..", StringComparison.Ordinal) || blobName.StartsWith('/'))
            return Error(400, 400004, "ArgumentInvalid", "blobName is missing or not a valid blob name.");

        var now = _time.GetUtcNow();
        var correlationId = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        lock (_slotGate)
        {
            ExpireStale();
            if (_pending.Values.Count(p => p.DeviceId == deviceId) >= _options.MaxConcurrentUploadsPerDevice)
            {
                _stats.UploadRefused();
                _logger.LogWarning(StandInLabel.Text + ": {deviceId} has {limit} uploads in flight; upload refused", deviceId, _options.MaxConcurrentUploadsPerDevice);
                return Error(403, 403005, "DeviceMaximumActiveFileUploadLimitExceeded",
                    $"The device has reached the maximum number of concurrent file uploads ({_options.MaxConcurrentUploadsPerDevice}). Complete or fail an upload first.");
            }
            _pending[correlationId] = new PendingUpload(deviceId, $"{deviceId}/{blobName}", now);
        }
        _stats.UploadStarted();

        var fullName = $"{deviceId}/{blobName}";
        var sas = new BlobSasBuilder
        {
            BlobContainerName = _frames.Name,
            BlobName = fullName,
            Resource = "b",
            StartsOn = now.AddMinutes(-5),   // clock skew between device and storage
            ExpiresOn = now.Add(_options.UploadSasLifetime),
            // Azure storage is https only; Azurite on loopback speaks http.
            Protocol = _frames.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        sas.SetPermissions(BlobSasPermissions.Create | BlobSasPermissions.Write);
        var sasToken = "?" + sas.ToSasQueryParameters(_credential);
        // "{account}.blob.core.windows.net" in Azure; "127.0.0.1:{port}/devstoreaccount1" on Azurite (path-style account).
        var containerPath = _frames.Uri.AbsolutePath.TrimEnd('/');
        var hostName = _frames.Uri.Authority + containerPath[..containerPath.LastIndexOf('/')];
        // A device that asked over HTTPS gets storage over HTTPS (the SDKs only PUT to https://{hostName}).
        if (request.IsHttps && _blobProxy is not null && HttpsBaseAddress is not null) hostName = _blobProxy.HostNameFor(HttpsBaseAddress);
        _logger.LogInformation(StandInLabel.Text + ": upload {correlationId} started by {deviceId} for {blobName}", correlationId, deviceId, fullName);
        return Results.Json(new FileUploadSasUri(correlationId, hostName, _frames.Name, fullName, sasToken));
    }

    private async Task<IResult> CompleteAsync(string deviceId, string? pathCorrelationId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (Unauthorized(deviceId, request) is { } refusal) return refusal;
        FileUploadCompletion? body;
        try { body = await request.ReadFromJsonAsync<FileUploadCompletion>(cancellationToken); }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException) { body = null; }
        if (body is null) return Error(400, 400004, "ArgumentInvalid", "The notification body is missing.");
        if ((pathCorrelationId ?? body.CorrelationId) is not { Length: > 0 } correlationId)
            return Error(400, 400004, "ArgumentInvalid", "correlationId is missing.");
        PendingUpload? upload;
        lock (_slotGate)
        {
            if (!_pending.TryGetValue(correlationId, out upload) || upload.DeviceId != deviceId)
                return Error(400, 400004, "ArgumentInvalid", "Unknown correlationId.");
            _pending.TryRemove(correlationId, out _);   // the slot is free whatever the outcome
        }

        if (!body.IsSuccess)
        {
            _stats.UploadFailed();
            _logger.LogWarning(StandInLabel.Text + ": upload {correlationId} of {deviceId} failed on the device: {statusCode} {statusDescription}",
                correlationId, deviceId, body.StatusCode, body.StatusDescription);
            return Results.NoContent();
        }

        var blob = _frames.GetBlobClient(upload.BlobName);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var containerUri = _frames.Uri.AbsoluteUri.TrimEnd('/');
            var evt = EventGridEvents.CreateBlobCreatedMessage(new BlobCreatedEventInput
            {
                BlobServiceUri = new Uri(containerUri[..containerUri.LastIndexOf('/')]),
                Container = _frames.Name,
                BlobName = upload.BlobName,
                ContentType = properties.ContentType ?? "application/octet-stream",
                ContentLength = properties.ContentLength,
                ETag = properties.ETag.ToString(),
                EventTime = _time.GetUtcNow(),
                Topic = $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{_credential.AccountName}",
            });
            await _frameEvents.SendMessageAsync(evt, cancellationToken);
            _stats.UploadCompleted();
            _logger.LogInformation(StandInLabel.Text + ": upload {correlationId} of {deviceId} complete; BlobCreated for {blobName} queued on {queue}",
                correlationId, deviceId, upload.BlobName, _frameEvents.Name);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Event Grid fires on the blob write; with no blob there is nothing to announce.
            _stats.UploadFailed();
            _logger.LogWarning(StandInLabel.Text + ": {deviceId} reported upload {correlationId} as done but {blobName} does not exist", deviceId, correlationId, upload.BlobName);
        }
        return Results.NoContent();
    }

    private IResult? Unauthorized(string deviceId, HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.Query["api-version"]))
            return Error(400, 400001, "InvalidProtocolVersion", "The api-version query parameter is required.");
        // File upload is for device identities only: a module's token (even for its own device) is refused with 401, as
        // IoT Hub does (shared/IOTHUB-PROTOCOL.md, "File upload" 5). Camera modules upload with the device's identity.
        var failure = _auth.ValidateToken(request.Headers.Authorization.ToString(), deviceId, null);
        if (failure == AuthFailure.None) return null;
        _logger.LogWarning(StandInLabel.Text + ": file upload request for {deviceId} refused: {reason}", deviceId, failure);
        return Error(401, 401002, "IotHubUnauthorizedAccess", "Unauthorized");
    }

    private void ExpireStale()
    {
        // IoT Hub frees a slot whose SAS has expired even when the device never sends the notification.
        var cutoff = _time.GetUtcNow() - _options.UploadSasLifetime;
        foreach (var (id, upload) in _pending)
            if (upload.StartedAt < cutoff) _pending.TryRemove(id, out _);
    }

    private static IResult Error(int status, int errorCode, string name, string message) =>
        Results.Json(new { Message = $"ErrorCode:{name};{message}", ErrorCode = errorCode, StandIn = StandInLabel.Text }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _blobProxy?.Dispose();
    }
}
