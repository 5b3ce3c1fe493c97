using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// A device or IoT Edge module client for IoT Hub / edgeHub over MQTT 3.1.1 (IoT Hub's documented MQTT support),
/// built on MQTTnet because the Azure device SDK is not available here.
/// <para>
/// Telemetry: <see cref="SendEventAsync(DeviceMessage, CancellationToken)"/> appends to a durable on-disk outbox and returns;
/// one pump publishes the outbox in order with QoS 1 and removes a message only after its PUBACK. Outages, token renewals
/// and process restarts lose nothing; a message may arrive twice (QoS 1 is at-least-once), with the same <c>$.mid</c>, so
/// receivers dedupe by it. Exactly-once delivery is not possible over QoS 1.
/// </para>
/// <para>Also: twin (GET on connect, reported patches, desired patches), direct methods, C2D / module inputs, file upload.</para>
/// <para>
/// This type only wires and delegates: <see cref="IotHubClientFactory"/> (identity from options / environment),
/// <see cref="ConnectionSupervisor"/> (connect, renew, reconnect), <see cref="OutboxPublisher"/> (the pump),
/// <see cref="InboundRouter"/> (subscriptions and incoming publishes), <see cref="TwinRequestChannel"/> (twin requests),
/// <see cref="FileUploadClient"/> (HTTPS file upload).
/// </para>
/// </summary>
public sealed class IotHubClient : IAsyncDisposable
{
    // Real time: how long dispose waits for method handlers that ignore their cancellation token.
    private static readonly TimeSpan BackgroundDrainBound = TimeSpan.FromSeconds(5);

    private readonly IotHubConnectionSettings _settings;
    private readonly TimeProvider _time;
    private readonly FileOutbox _outbox;
    private readonly IMqttClient _mqtt;
    private readonly HttpClient _http;
    private readonly FileUploadClient _files;
    private readonly IDisposable? _owned;
    private readonly BackgroundTasks _background;
    private readonly HandlerQueue _handlers;
    private readonly TwinRequestChannel _twin;
    private readonly InboundRouter _router;
    private readonly ConnectionSupervisor _supervisor;
    private readonly SasTokenProvider _tokens;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _stateLock = new();
    private Task? _handlerLoop;
    private bool _disposed;

    public IotHubClient(
        IotHubClientOptions options,
        IotHubConnectionSettings settings,
        ISasTokenSigner signer,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        X509Certificate2Collection? trustedCertificates = null)
        : this(options, settings, signer, loggerFactory, timeProvider, trustedCertificates, owned: null)
    {
    }

    internal IotHubClient(
        IotHubClientOptions options,
        IotHubConnectionSettings settings,
        ISasTokenSigner signer,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        X509Certificate2Collection? trustedCertificates,
        IDisposable? owned)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(signer);
        _settings = settings;
        _owned = owned;
        _time = timeProvider ?? TimeProvider.System;
        var logs = loggerFactory ?? NullLoggerFactory.Instance;
        var logger = logs.CreateLogger<IotHubClient>();
        var endpointLabel = options.EndpointLabel ?? (options.UseTls ? "IoT Hub" : "IoT Hub stand-in (plain MQTT)");
        var tokens = _tokens = new SasTokenProvider(signer, settings.ResourceUri, options.SasTokenLifetime, options.SasTokenRenewAt, _time);

        _outbox = FileOutbox.Open(new OutboxOptions
        {
            // One folder per identity, so several clients in one process never share an outbox.
            Directory = Path.Combine(options.Outbox.Directory, SafeFolderName(settings.ClientId)),
            MaxBytes = options.Outbox.MaxBytes,
            MaxAge = options.Outbox.MaxAge,
            SegmentBytes = options.Outbox.SegmentBytes,
            FlushToDisk = options.Outbox.FlushToDisk,
        }, logs.CreateLogger<FileOutbox>(), _time);

        _mqtt = new MqttClientFactory().CreateMqttClient();
        _background = new BackgroundTasks(logger);
        _handlers = new HandlerQueue(logger, settings);
        _twin = new TwinRequestChannel(_mqtt, WaitUntilConnectedAsync, options, endpointLabel, _time, logger, _stop.Token);
        _router = new InboundRouter(_mqtt, settings, _twin, _handlers, _background, () => IsConnected, logger, _stop.Token);
        var publisher = new OutboxPublisher(_mqtt, _outbox, options.MaxInFlight, endpointLabel, _time);
        _supervisor = new ConnectionSupervisor(
            _mqtt, options, settings, tokens, new ServerCertificateValidator(trustedCertificates), endpointLabel,
            subscribeAsync: _router.SubscribeAsync,
            runSessionAsync: (untilRenewal, session) =>
            {
                if (_router.HasDesiredHandler) _background.Track(_router.RefreshDesiredPropertiesAsync(session), "twin GET after connect");
                return publisher.PumpAsync(untilRenewal, session);
            },
            sessionEnded: _twin.FailPending,
            pendingMessages: () => _outbox.PendingCount,
            logger, _time);

        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromMinutes(5) };
        _files = new FileUploadClient(_http, settings, tokens, options.HttpBaseAddress, options.BlobUploadScheme, logger);
    }

    /// <summary>
    /// Builds a client from options: <see cref="IotHubClientOptions.ConnectionString"/>, else <c>EdgeHubConnectionString</c>
    /// (+ <c>EdgeModuleCACertificateFile</c>), else the IoT Edge module environment (workload API signs, trust bundle for TLS).
    /// </summary>
    public static Task<IotHubClient> CreateAsync(
        IotHubClientOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        Func<string, string?>? environment = null,
        CancellationToken cancellationToken = default) =>
        IotHubClientFactory.CreateAsync(options, loggerFactory, timeProvider, environment, cancellationToken);

    public string DeviceId => _settings.DeviceId;

    public string? ModuleId => _settings.ModuleId;

    public IotHubConnectionSettings Settings => _settings;

    public bool IsConnected => _supervisor.IsConnected;

    /// <summary>Messages in the outbox not yet acknowledged by the broker.</summary>
    public long PendingMessages => _outbox.PendingCount;

    /// <summary>Messages dropped by the outbox bounds (size, age) since this client started.</summary>
    public long DroppedMessages => _outbox.DroppedCount;

    /// <summary>Starts connecting (with backoff) and publishing the outbox in the background; returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_stateLock)
        {
            if (_handlerLoop is not null) return Task.CompletedTask;
            _handlerLoop = Task.Run(() => _handlers.RunAsync(_stop.Token), CancellationToken.None);
            _supervisor.Start(_stop.Token);
        }

        return Task.CompletedTask;
    }

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default) => _supervisor.WaitUntilConnectedAsync(cancellationToken);

    /// <summary>
    /// Validates the size (256 KB, counted as IoT Hub counts it), then appends the message to the durable outbox.
    /// When this returns the message survives a broker outage and a process restart. Works before <see cref="StartAsync"/>.
    /// </summary>
    /// <exception cref="MessageTooLargeException">Over IoT Hub's limit; nothing was enqueued.</exception>
    public Task SendEventAsync(DeviceMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var size = IotHubTopics.MessageSize(message, now);
        if (size > IotHubTopics.MaxMessageBytes) throw new MessageTooLargeException(size, IotHubTopics.MaxMessageBytes);
        _outbox.Append(IotHubTopics.D2CTopic(_settings.DeviceId, _settings.ModuleId, message, now), message.Body.Span);
        return Task.CompletedTask;
    }

    /// <summary>Sends <paramref name="body"/> as JSON with the <c>type</c> property (and <c>$.on</c> for a module output).</summary>
    public Task SendEventAsync<T>(string type, T body, string? outputName = null, IReadOnlyDictionary<string, string>? properties = null, CancellationToken cancellationToken = default)
    {
        var message = DeviceMessage.FromJson(type, body) with
        {
            OutputName = outputName,
            Properties = properties ?? new Dictionary<string, string>(),
        };
        return SendEventAsync(message, cancellationToken);
    }

    /// <summary>Completes when every message sent so far has been acknowledged by the broker (or dropped by a bound).</summary>
    public Task WaitForOutboxDrainedAsync(CancellationToken cancellationToken = default) => _outbox.WaitForDrainedAsync(cancellationToken);

    /// <summary>Registers (or with null removes) the handler of direct method <paramref name="methodName"/>. Unregistered methods answer 501.</summary>
    public void SetMethodHandler(string methodName, Func<MethodRequest, CancellationToken, Task<MethodResponse>>? handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        _router.SetMethodHandler(methodName, handler);
    }

    /// <summary>
    /// Handler of desired properties: the full desired section after each (re)connect when its version is new, then each patch.
    /// Called one at a time, in version order.
    /// </summary>
    public void SetDesiredPropertiesHandler(Func<DesiredPropertiesUpdate, CancellationToken, Task>? handler) => _router.SetDesiredPropertiesHandler(handler);

    /// <summary>Module input messages (<c>devices/{d}/modules/{m}/inputs/{input}/...</c>); register before <see cref="StartAsync"/> or the subscription waits for the next connect.</summary>
    public void SetInputMessageHandler(string inputName, Func<ReceivedMessage, CancellationToken, Task>? handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        if (!_settings.IsModule) throw new InvalidOperationException("Input messages are for IoT Edge modules; a device gets cloud-to-device messages instead.");
        _router.SetInputMessageHandler(inputName, handler);
    }

    /// <summary>Cloud-to-device messages (<c>devices/{deviceId}/messages/devicebound/#</c>); devices only.</summary>
    public void SetCloudToDeviceMessageHandler(Func<ReceivedMessage, CancellationToken, Task>? handler)
    {
        if (_settings.IsModule) throw new InvalidOperationException("IoT Edge modules get no cloud-to-device messages; use inputs.");
        _router.SetCloudToDeviceMessageHandler(handler);
    }

    /// <summary>Reads the twin (<c>$iothub/twin/GET</c>); waits for a connection.</summary>
    public Task<TwinProperties> GetTwinAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _twin.GetTwinAsync(cancellationToken);
    }

    /// <summary>
    /// Patches reported properties (<c>$iothub/twin/PATCH/properties/reported/</c>) and returns the new reported version.
    /// Retries through disconnects, 429 and 5xx until <see cref="IotHubClientOptions.OperationTimeout"/>; 4xx throws.
    /// </summary>
    public Task<long> UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _twin.UpdateReportedPropertiesAsync(patch, cancellationToken);
    }

    /// <summary>Uploads <paramref name="content"/> as blob <paramref name="blobName"/> with capture metadata (x-ms-meta-*). Devices only.</summary>
    /// <exception cref="InvalidOperationException">This client is a module identity: IoT Hub answers 401 to file upload from modules, so a
    /// module uploads through a <see cref="DeviceFileUploader"/> with its device's identity instead.</exception>
    public Task<FileUploadResult> UploadFileAsync(string blobName, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_settings.IsModule)
            throw new InvalidOperationException($"{_settings.ClientId} is a module identity; IoT Hub offers file upload to device identities only (it answers 401). Upload through a DeviceFileUploader with the device's connection string.");
        return _files.UploadAsync(blobName, content, contentType, metadata, cancellationToken);
    }

    /// <summary>Stops the pump and disconnects. Unsent messages stay in the outbox for the next start.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task? handlerLoop;
        lock (_stateLock) handlerLoop = _handlerLoop;
        _stop.Cancel();
        _handlers.Complete();
        await _supervisor.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (handlerLoop is not null) await handlerLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _supervisor.DisconnectAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        try
        {
            await StopAsync().ConfigureAwait(false);
            await _background.WhenAllAsync(BackgroundDrainBound).ConfigureAwait(false);
        }
        finally
        {
            _disposed = true;
            _mqtt.Dispose();
            _outbox.Dispose();
            _http.Dispose();
            _tokens.Dispose();
            _owned?.Dispose();
            _stop.Dispose();
        }
    }

    private static string SafeFolderName(string clientId) =>
        string.Concat(clientId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
