using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// IoT Hub file upload with a DEVICE identity, over HTTPS only (no MQTT connection, so it never drops the device's own
/// edgeAgent/edgeHub connection). IoT Hub offers file upload to device identities only and answers 401 to a module's
/// token (shared/IOTHUB-PROTOCOL.md, "File upload" 5), so an IoT Edge camera module uploads its frames through one of
/// these, built from the vehicle's device connection string (see <see cref="FromConnectionString"/>), and keeps its
/// module identity for telemetry, twin and methods.
/// </summary>
public sealed class DeviceFileUploader : IDisposable
{
    private readonly HttpClient _http;
    private readonly SasTokenProvider _tokens;
    private readonly FileUploadClient _files;
    private bool _disposed;

    private DeviceFileUploader(IotHubConnectionSettings device, IotHubClientOptions options, ILogger logger, TimeProvider time)
    {
        Settings = device;
        _tokens = new SasTokenProvider(new SharedAccessKeySigner(device.SharedAccessKey!, device.SharedAccessKeyName), device.ResourceUri,
            options.SasTokenLifetime, options.SasTokenRenewAt, time);
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrEmpty(options.TrustedCaCertificateFile))
        {
            // The same rule as the MQTT connection: the OS store, or a chain to one of the extra CAs (never "accept any").
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPemFile(options.TrustedCaCertificateFile);
            var validator = new ServerCertificateValidator(trusted);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => validator.Validate(certificate, errors);
        }
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(5) };
        _files = new FileUploadClient(_http, device, _tokens, options.HttpBaseAddress, options.BlobUploadScheme, logger);
    }

    /// <summary>The device identity the blobs are uploaded as (IoT Hub puts them under <c>{DeviceId}/</c>).</summary>
    public string DeviceId => Settings.DeviceId;

    public IotHubConnectionSettings Settings { get; }

    /// <summary>
    /// An uploader for the device of <paramref name="deviceConnectionString"/>. Refuses a module connection string (IoT Hub
    /// would answer 401) and, when <paramref name="expectedDeviceId"/> is given, a device other than that one (the blobs
    /// would land under the wrong device's folder).
    /// </summary>
    /// <remarks>Of <c>options</c> only the HTTPS parts are used: <see cref="IotHubClientOptions.HttpBaseAddress"/>,
    /// <see cref="IotHubClientOptions.BlobUploadScheme"/>, <see cref="IotHubClientOptions.TrustedCaCertificateFile"/>, token lifetime and renewal.</remarks>
    public static DeviceFileUploader FromConnectionString(string deviceConnectionString, IotHubClientOptions? options = null, string? expectedDeviceId = null,
        ILogger? logger = null, TimeProvider? time = null)
    {
        var settings = IotHubConnectionSettings.Parse(deviceConnectionString);
        if (settings.IsModule)
            throw new InvalidOperationException($"The frame uploader needs a DEVICE connection string; '{settings.ClientId}' is a module identity, and IoT Hub refuses file upload to modules (401).");
        if (settings.SharedAccessKeyName is not null)
            throw new InvalidOperationException("The frame uploader needs the device's own key, not a hub policy (SharedAccessKeyName).");
        if (expectedDeviceId is not null && !string.Equals(settings.DeviceId, expectedDeviceId, StringComparison.Ordinal))
            throw new InvalidOperationException($"The frame uploader's device connection string is for '{settings.DeviceId}' but this module runs on '{expectedDeviceId}': frames would be filed under the wrong device.");
        return new DeviceFileUploader(settings, options ?? new IotHubClientOptions(), logger ?? NullLogger.Instance, time ?? TimeProvider.System);
    }

    /// <summary>The three file-upload steps (SAS from the hub, blob PUT, notification) as <see cref="FileUploadClient.UploadAsync"/>.</summary>
    public Task<FileUploadResult> UploadAsync(string blobName, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _files.UploadAsync(blobName, content, contentType, metadata, cancellationToken);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _http.Dispose();
        _tokens.Dispose();
    }
}
