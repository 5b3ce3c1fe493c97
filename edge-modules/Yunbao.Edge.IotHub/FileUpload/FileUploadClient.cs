using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// IoT Hub file upload over HTTPS ("Upload files with IoT Hub"):
/// 1. <c>POST /devices/{deviceId}/files?api-version=2021-04-12</c> {blobName} → {correlationId, hostName, containerName, blobName, sasToken};
/// 2. <c>PUT {scheme}://{hostName}/{containerName}/{blobName}{sasToken}</c> with <c>x-ms-blob-type: BlockBlob</c> and <c>x-ms-meta-*</c>;
/// 3. <c>POST /devices/{deviceId}/files/notifications?api-version=2021-04-12</c> {correlationId, isSuccess, statusCode, statusDescription},
/// on failure too. Authorization is the client's SAS token.
/// File upload is a device feature of IoT Hub (edgeHub does not proxy it): the calls go to the hub's HTTPS endpoint.
/// </summary>
public sealed class FileUploadClient
{
    private readonly HttpClient _http;
    private readonly IotHubConnectionSettings _settings;
    private readonly SasTokenProvider _tokens;
    private readonly Uri _baseAddress;
    private readonly string _blobScheme;
    private readonly ILogger _logger;

    public FileUploadClient(HttpClient http, IotHubConnectionSettings settings, SasTokenProvider tokens, string? httpBaseAddress = null, string? blobScheme = null, ILogger? logger = null)
    {
        _http = http;
        _settings = settings;
        _tokens = tokens;
        _baseAddress = new Uri((httpBaseAddress ?? $"https://{settings.HostName}").TrimEnd('/') + "/");
        _blobScheme = blobScheme ?? _baseAddress.Scheme;
        _logger = logger ?? NullLogger.Instance;
    }

    public async Task<FileUploadResult> UploadAsync(string blobName, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        ArgumentNullException.ThrowIfNull(content);
        ValidateMetadata(metadata);
        var devicePath = $"devices/{Uri.EscapeDataString(_settings.DeviceId)}/files";

        // 1. Ask the hub for a blob SAS.
        using var initiate = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, $"{devicePath}?api-version={IotHubTopics.ApiVersion}"))
        {
            Content = JsonContent.Create(new InitiateRequest(blobName)),
        };
        await AuthorizeAsync(initiate, cancellationToken).ConfigureAwait(false);
        using var initiateResponse = await _http.SendAsync(initiate, cancellationToken).ConfigureAwait(false);
        if (!initiateResponse.IsSuccessStatusCode)
        {
            var text = await initiateResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new IotHubException((int)initiateResponse.StatusCode, $"File upload initiation for '{blobName}' failed with {(int)initiateResponse.StatusCode}: {text}");
        }

        var sas = await initiateResponse.Content.ReadFromJsonAsync<InitiateResponse>(cancellationToken).ConfigureAwait(false)
            ?? throw new IotHubException(0, "File upload initiation answered with an empty body.");
        var blobPath = string.Join('/', sas.BlobName.Split('/').Select(Uri.EscapeDataString));
        var blobUri = new Uri($"{_blobScheme}://{sas.HostName}/{Uri.EscapeDataString(sas.ContainerName)}/{blobPath}");

        // 2. PUT the blob; 3. notify the hub whatever happened.
        int status;
        string description;
        Exception? failure = null;
        try
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(blobUri + sas.SasToken));
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            put.Headers.Add("x-ms-version", "2021-08-06");
            foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
                put.Headers.Add("x-ms-meta-" + name, value);
            put.Content = await ContentOf(content, cancellationToken).ConfigureAwait(false);
            put.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            using var putResponse = await _http.SendAsync(put, cancellationToken).ConfigureAwait(false);
            status = (int)putResponse.StatusCode;
            description = putResponse.IsSuccessStatusCode
                ? "uploaded"
                : $"blob PUT failed: {(int)putResponse.StatusCode} {putResponse.ReasonPhrase} {await putResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}".Trim();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            failure = ex;
            status = 500;
            description = "blob PUT failed: " + ex.Message;
        }

        var success = failure is null && status is >= 200 and < 300;
        await NotifyAsync(devicePath, new Notification(sas.CorrelationId, success, status, Truncate(description)), cancellationToken).ConfigureAwait(false);
        if (!success)
            throw new FileUploadException(status, $"Upload of '{sas.BlobName}' to container '{sas.ContainerName}' failed: {description}", failure);

        _logger.LogInformation("Uploaded {BlobName} to {Container} ({CorrelationId})", sas.BlobName, sas.ContainerName, sas.CorrelationId);
        return new FileUploadResult(sas.CorrelationId, sas.ContainerName, sas.BlobName, blobUri, status);
    }

    private async Task NotifyAsync(string devicePath, Notification notification, CancellationToken cancellationToken)
    {
        using var notify = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, $"{devicePath}/notifications?api-version={IotHubTopics.ApiVersion}"))
        {
            Content = JsonContent.Create(notification),
        };
        await AuthorizeAsync(notify, cancellationToken).ConfigureAwait(false);
        // The notification must not be lost to a cancelled caller: the hub keeps the slot busy otherwise.
        using var response = await _http.SendAsync(notify, CancellationToken.None).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
            throw new IotHubException((int)response.StatusCode, $"File upload notification {notification.CorrelationId} failed with {(int)response.StatusCode}: {text}");
        }
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetTokenAsync(forceNew: false, cancellationToken).ConfigureAwait(false);
        // The SAS token is the whole header value (no scheme prefix to split on).
        request.Headers.TryAddWithoutValidation("Authorization", token.Value);
    }

    private static async Task<HttpContent> ContentOf(Stream content, CancellationToken cancellationToken)
    {
        // Put Blob needs a Content-Length: buffer streams that cannot tell their length.
        if (content.CanSeek) return new StreamContent(content) { Headers = { ContentLength = content.Length - content.Position } };
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new ByteArrayContent(buffer.ToArray());
    }

    private static void ValidateMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null) return;
        foreach (var (name, value) in metadata)
        {
            // Blob metadata names are C# identifiers and values travel in HTTP headers (ASCII).
            if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new ArgumentException($"Blob metadata name '{name}' must be a C# identifier (ASCII letters, digits, '_').", nameof(metadata));
            if (value.Any(c => c < 0x20 || c > 0x7E))
                throw new ArgumentException($"Blob metadata value of '{name}' must be printable ASCII; URL-encode other text.", nameof(metadata));
        }
    }

    private static string Truncate(string s) => s.Length <= 500 ? s : s[..500];

    private sealed record InitiateRequest([property: JsonPropertyName("blobName")] string BlobName);

    private sealed record InitiateResponse(
        [property: JsonPropertyName("correlationId")] string CorrelationId,
        [property: JsonPropertyName("hostName")] string HostName,
        [property: JsonPropertyName("containerName")] string ContainerName,
        [property: JsonPropertyName("blobName")] string BlobName,
        [property: JsonPropertyName("sasToken")] string SasToken);

    private sealed record Notification(
        [property: JsonPropertyName("correlationId")] string CorrelationId,
        [property: JsonPropertyName("isSuccess")] bool IsSuccess,
        [property: JsonPropertyName("statusCode")] int StatusCode,
        [property: JsonPropertyName("statusDescription")] string StatusDescription);
}
