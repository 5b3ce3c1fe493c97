using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

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
/// </summary>
public sealed class IotHubClient : IAsyncDisposable
{
    private readonly IotHubClientOptions _options;
    private readonly IotHubConnectionSettings _settings;
    private readonly SasTokenProvider _tokens;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly FileOutbox _outbox;
    private readonly IMqttClient _mqtt;
    private readonly HttpClient _http;
    private readonly FileUploadClient _files;
    private readonly X509Certificate2Collection? _trustedCertificates;
    private readonly List<IDisposable> _owned = [];
    private readonly string _endpointLabel;

    private readonly ConcurrentDictionary<string, Func<MethodRequest, CancellationToken, Task<MethodResponse>>> _methodHandlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<ReceivedMessage, CancellationToken, Task>> _inputHandlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TwinResponse>> _twinRequests = new(StringComparer.Ordinal);
    private readonly Channel<Func<CancellationToken, Task>> _dispatch = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });
    private Func<DesiredPropertiesUpdate, CancellationToken, Task>? _desiredHandler;
    private Func<ReceivedMessage, CancellationToken, Task>? _cloudToDeviceHandler;

    private readonly CancellationTokenSource _stop = new();
    private readonly object _stateLock = new();
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _session;
    private Task? _connectionLoop;
    private Task? _dispatchLoop;
    private long _requestCounter;
    private long _lastDesiredVersion = -1;
    private bool _disposed;

    public IotHubClient(
        IotHubClientOptions options,
        IotHubConnectionSettings settings,
        ISasTokenSigner signer,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        X509Certificate2Collection? trustedCertificates = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(signer);
        _options = options;
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<IotHubClient>();
        _trustedCertificates = trustedCertificates;
        _endpointLabel = options.EndpointLabel ?? (options.UseTls ? "IoT Hub" : "IoT Hub stand-in (plain MQTT)");
        _tokens = new SasTokenProvider(signer, settings.ResourceUri, options.SasTokenLifetime, options.SasTokenRenewAt, _time);

        var outboxOptions = new OutboxOptions
        {
            // One folder per identity, so several clients in one process never share an outbox.
            Directory = Path.Combine(options.Outbox.Directory, SafeFolderName(settings.ClientId)),
            MaxBytes = options.Outbox.MaxBytes,
            MaxAge = options.Outbox.MaxAge,
            SegmentBytes = options.Outbox.SegmentBytes,
            FlushToDisk = options.Outbox.FlushToDisk,
        };
        _outbox = FileOutbox.Open(outboxOptions, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<FileOutbox>(), _time);

        _mqtt = new MqttClientFactory().CreateMqttClient();
        _mqtt.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
        _mqtt.DisconnectedAsync += OnDisconnectedAsync;

        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromMinutes(5) };
        _files = new FileUploadClient(_http, settings, _tokens, options.HttpBaseAddress, options.BlobUploadScheme, _logger);
    }

    /// <summary>
    /// Builds a client from options: <see cref="IotHubClientOptions.ConnectionString"/>, else <c>EdgeHubConnectionString</c>
    /// (+ <c>EdgeModuleCACertificateFile</c>), else the IoT Edge module environment (workload API signs, trust bundle for TLS).
    /// </summary>
    public static async Task<IotHubClient> CreateAsync(
        IotHubClientOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        Func<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        environment ??= Environment.GetEnvironmentVariable;
        var trusted = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(options.TrustedCaCertificateFile)) trusted.ImportFromPemFile(options.TrustedCaCertificateFile);

        IotHubConnectionSettings settings;
        ISasTokenSigner signer;
        WorkloadApiClient? workload = null;
        var connectionString = options.ConnectionString is { Length: > 0 } cs ? cs : environment("EdgeHubConnectionString");
        if (!string.IsNullOrEmpty(connectionString))
        {
            settings = IotHubConnectionSettings.Parse(connectionString);
            signer = new SharedAccessKeySigner(settings.SharedAccessKey!, settings.SharedAccessKeyName);
            if (options.ConnectionString is not { Length: > 0 } && environment("EdgeModuleCACertificateFile") is { Length: > 0 } caFile)
                trusted.ImportFromPemFile(caFile);
        }
        else if (EdgeModuleEnvironment.TryRead(environment) is { } edge)
        {
            settings = edge.ToConnectionSettings();
            workload = new WorkloadApiClient(edge.WorkloadUri, edge.ApiVersion);
            signer = new WorkloadApiSigner(workload, edge.ModuleId, edge.GenerationId);
            if (options.UseTls && edge.GatewayHostName is not null)
                trusted.AddRange(await workload.GetTrustBundleAsync(cancellationToken).ConfigureAwait(false));
        }
        else
        {
            throw new InvalidOperationException(
                $"No IoT Hub identity: set {IotHubClientOptions.SectionName}:ConnectionString, or EdgeHubConnectionString, or run as an IoT Edge module (IOTEDGE_* variables).");
        }

        var client = new IotHubClient(options, settings, signer, loggerFactory, timeProvider, trusted.Count > 0 ? trusted : null);
        if (workload is not null) client._owned.Add(workload);
        return client;
    }

    public string DeviceId => _settings.DeviceId;

    public string? ModuleId => _settings.ModuleId;

    public IotHubConnectionSettings Settings => _settings;

    public bool IsConnected => _connected.Task.IsCompletedSuccessfully && _mqtt.IsConnected;

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
            if (_connectionLoop is not null) return Task.CompletedTask;
            _dispatchLoop = Task.Run(() => DispatchLoopAsync(_stop.Token), CancellationToken.None);
            _connectionLoop = Task.Run(() => ConnectionLoopAsync(_stop.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default)
    {
        Task task;
        lock (_stateLock) task = _connected.Task;
        return task.WaitAsync(cancellationToken);
    }

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
        if (handler is null) _methodHandlers.TryRemove(methodName, out _);
        else _methodHandlers[methodName] = handler;
    }

    /// <summary>
    /// Handler of desired properties: the full desired section after each (re)connect when its version is new, then each patch.
    /// Called one at a time, in version order.
    /// </summary>
    public void SetDesiredPropertiesHandler(Func<DesiredPropertiesUpdate, CancellationToken, Task>? handler) => _desiredHandler = handler;

    /// <summary>Module input messages (<c>devices/{d}/modules/{m}/inputs/{input}/...</c>); register before <see cref="StartAsync"/> or the subscription waits for the next connect.</summary>
    public void SetInputMessageHandler(string inputName, Func<ReceivedMessage, CancellationToken, Task>? handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        if (!_settings.IsModule) throw new InvalidOperationException("Input messages are for IoT Edge modules; a device gets cloud-to-device messages instead.");
        var wasEmpty = _inputHandlers.IsEmpty;
        if (handler is null) _inputHandlers.TryRemove(inputName, out _);
        else _inputHandlers[inputName] = handler;
        if (wasEmpty && handler is not null) SubscribeLateAsync(IotHubTopics.ModuleInputs(_settings.DeviceId, _settings.ModuleId!));
    }

    /// <summary>Cloud-to-device messages (<c>devices/{deviceId}/messages/devicebound/#</c>); devices only.</summary>
    public void SetCloudToDeviceMessageHandler(Func<ReceivedMessage, CancellationToken, Task>? handler)
    {
        if (_settings.IsModule) throw new InvalidOperationException("IoT Edge modules get no cloud-to-device messages; use inputs.");
        var wasNull = _cloudToDeviceHandler is null;
        _cloudToDeviceHandler = handler;
        if (wasNull && handler is not null) SubscribeLateAsync(IotHubTopics.CloudToDevice(_settings.DeviceId));
    }

    /// <summary>Reads the twin (<c>$iothub/twin/GET</c>); waits for a connection.</summary>
    public async Task<TwinProperties> GetTwinAsync(CancellationToken cancellationToken = default)
    {
        var response = await TwinRequestAsync(IotHubTopics.TwinGet, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200) throw new IotHubException(response.Status, $"Twin GET answered {response.Status}: {Encoding.UTF8.GetString(response.Payload)}");
        return TwinProperties.Parse(response.Payload);
    }

    /// <summary>
    /// Patches reported properties (<c>$iothub/twin/PATCH/properties/reported/</c>) and returns the new reported version.
    /// Retries through disconnects, 429 and 5xx until <see cref="IotHubClientOptions.OperationTimeout"/>; 4xx throws.
    /// </summary>
    public async Task<long> UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var payload = Encoding.UTF8.GetBytes(patch.ToJsonString());
        var response = await TwinRequestAsync(IotHubTopics.TwinPatchReported, payload, cancellationToken).ConfigureAwait(false);
        if (response.Status is not (200 or 204))
            throw new IotHubException(response.Status, $"Reported properties patch answered {response.Status}: {Encoding.UTF8.GetString(response.Payload)}");
        return response.Version ?? 0;
    }

    /// <summary>Uploads <paramref name="content"/> as blob <paramref name="blobName"/> with capture metadata (x-ms-meta-*).</summary>
    public Task<FileUploadResult> UploadFileAsync(string blobName, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _files.UploadAsync(blobName, content, contentType, metadata, cancellationToken);
    }

    /// <summary>Stops the pump and disconnects. Unsent messages stay in the outbox for the next start.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task? loop, dispatch;
        lock (_stateLock)
        {
            loop = _connectionLoop;
            dispatch = _dispatchLoop;
        }

        _stop.Cancel();
        _dispatch.Writer.TryComplete();
        if (loop is not null) await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (dispatch is not null) await dispatch.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_mqtt.IsConnected)
        {
            try
            {
                await _mqtt.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogDebug(ex, "Disconnect during stop failed");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _disposed = true;
            _mqtt.Dispose();
            _outbox.Dispose();
            _http.Dispose();
            foreach (var owned in _owned) owned.Dispose();
            _stop.Dispose();
        }
    }

    // ---------------------------------------------------------------- connection and pump

    private async Task ConnectionLoopAsync(CancellationToken stop)
    {
        var attempt = 0;
        // A renewal reconnect must sign a new token: the renewal timer may fire a moment before RenewAt by the
        // clock, and reusing the old token then would reconnect with a token that is due at once (a reconnect storm).
        var renewing = false;
        while (!stop.IsCancellationRequested)
        {
            CancellationTokenSource? session = null;
            try
            {
                var token = await _tokens.GetTokenAsync(forceNew: renewing, stop).ConfigureAwait(false);
                renewing = false;
                using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    connectTimeout.CancelAfter(_options.OperationTimeout);
                    var result = await _mqtt.ConnectAsync(BuildMqttOptions(token), connectTimeout.Token).ConfigureAwait(false);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        var status = result.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized ? 401 : 0;
                        throw new IotHubException(status, $"{_endpointLabel} refused the connection: {result.ResultCode} {result.ReasonString}");
                    }
                }

                session = CancellationTokenSource.CreateLinkedTokenSource(stop);
                lock (_stateLock) _session = session;
                if (!_mqtt.IsConnected) throw new IotHubException(0, "Connection closed right after CONNACK.");
                attempt = 0;
                _logger.LogInformation("Connected to {Endpoint} {Host}:{Port} as {ClientId} (deviceId {DeviceId}); {PendingCount} messages waiting in the outbox",
                    _endpointLabel, MqttHost, _options.MqttPort, _settings.ClientId, _settings.DeviceId, _outbox.PendingCount);

                await SubscribeAsync(session.Token).ConfigureAwait(false);
                lock (_stateLock) _connected.TrySetResult();
                _ = RefreshTwinAfterConnectAsync(session.Token);

                var untilRenewal = _tokens.RenewAt - _time.GetUtcNow();
                await PumpAsync(untilRenewal, session.Token).ConfigureAwait(false);

                // Renewal: IoT Hub closes the connection when the token expires, so reconnect with a fresh one first.
                _logger.LogInformation("Reconnecting to {Endpoint} to renew the SAS token", _endpointLabel);
                renewing = true;
                await DisconnectQuietlyAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                attempt++;
                var delay = Backoff(attempt);
                _logger.LogWarning("Connection to {Endpoint} {Host}:{Port} lost or refused ({Error}); retry {Attempt} in {Delay} with {PendingCount} messages waiting",
                    _endpointLabel, MqttHost, _options.MqttPort, ex.Message, attempt, delay, _outbox.PendingCount);
                await DisconnectQuietlyAsync().ConfigureAwait(false);
                try
                {
                    await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            finally
            {
                lock (_stateLock)
                {
                    if (_connected.Task.IsCompleted) _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _session = null;
                }

                session?.Cancel();
                session?.Dispose();
                FailPendingTwinRequests();
            }
        }
    }

    private async Task PumpAsync(TimeSpan untilRenewal, CancellationToken session)
    {
        _outbox.Rewind();
        using var renewal = new CancellationTokenSource(untilRenewal > TimeSpan.Zero ? untilRenewal : TimeSpan.FromMilliseconds(1), _time);
        using var waitToken = CancellationTokenSource.CreateLinkedTokenSource(session, renewal.Token);
        var window = Math.Max(1, _options.MaxInFlight);
        var inFlight = new Queue<(OutboxRecord Record, Task<MqttClientPublishResult> Ack)>(window);
        try
        {
            while (true)
            {
                session.ThrowIfCancellationRequested();
                if (!renewal.IsCancellationRequested && inFlight.Count < window)
                {
                    // Publishes are issued in outbox order from this one loop; MQTTnet writes them in call order.
                    foreach (var record in _outbox.ReadNext(window - inFlight.Count))
                        inFlight.Enqueue((record, _mqtt.PublishAsync(ToMqttMessage(record), session)));
                }

                if (inFlight.Count == 0)
                {
                    if (renewal.IsCancellationRequested) return;
                    try
                    {
                        await _outbox.WaitForAppendAsync(waitToken.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!session.IsCancellationRequested)
                    {
                        // renewal due: loop once more to return
                    }

                    continue;
                }

                var (next, ack) = inFlight.Dequeue();
                var result = await ack.ConfigureAwait(false);
                if (!result.IsSuccess)
                    throw new IotHubException(0, $"{_endpointLabel} refused message {next.Sequence}: {result.ReasonCode} {result.ReasonString}");
                _outbox.Acknowledge(next.Sequence);
            }
        }
        finally
        {
            // Whatever is still in flight is resent after the reconnect (Rewind): observe the faults.
            foreach (var (_, ack) in inFlight) _ = ack.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    private static MqttApplicationMessage ToMqttMessage(OutboxRecord record) => new()
    {
        Topic = record.Topic,
        Payload = new ReadOnlySequence<byte>(record.Payload),
        QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
    };

    private string MqttHost => _options.MqttHost ?? _settings.GatewayHostName ?? _settings.HostName;

    private MqttClientOptions BuildMqttOptions(SasToken token)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(MqttHost, _options.MqttPort)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(_settings.ClientId)
            .WithCredentials(IotHubTopics.Username(_settings.HostName, _settings.DeviceId, _settings.ModuleId), token.Value)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.OperationTimeout);
        if (_options.UseTls)
        {
            builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithTargetHost(MqttHost)
                .WithCertificateValidationHandler(args => ValidateServerCertificate(args.Certificate, args.SslPolicyErrors)));
        }

        return builder.Build();
    }

    private bool ValidateServerCertificate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || _trustedCertificates is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
        // edgeHub's certificate chains to the device CA from the workload API's trust bundle.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trustedCertificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private TimeSpan Backoff(int attempt)
    {
        // Exponential with full jitter between half and all of the step, so a fleet does not reconnect in lockstep.
        var min = _options.ReconnectMinDelay.TotalMilliseconds;
        var max = _options.ReconnectMaxDelay.TotalMilliseconds;
        var step = Math.Min(max, min * Math.Pow(2, Math.Min(attempt - 1, 20)));
        return TimeSpan.FromMilliseconds(step * (0.5 + Random.Shared.NextDouble() * 0.5));
    }

    private async Task DisconnectQuietlyAsync()
    {
        if (!_mqtt.IsConnected) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _mqtt.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Disconnect failed");
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        // MQTTnet raises this event later, on another thread: after a renewal it can arrive when the next
        // connection is already up, and must not tear that one down.
        if (_mqtt.IsConnected) return Task.CompletedTask;
        CancellationTokenSource? session;
        lock (_stateLock) session = _session;
        if (session is not null && args.ClientWasConnected)
        {
            try
            {
                session.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        return Task.CompletedTask;
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        // IoT Hub allows at most 5 subscriptions per connection; this client uses at most 4.
        var builder = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(IotHubTopics.TwinResponses, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(IotHubTopics.DesiredPatches, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(IotHubTopics.MethodCalls, MqttQualityOfServiceLevel.AtLeastOnce);
        if (!_settings.IsModule && _cloudToDeviceHandler is not null)
            builder.WithTopicFilter(IotHubTopics.CloudToDevice(_settings.DeviceId), MqttQualityOfServiceLevel.AtLeastOnce);
        if (_settings.IsModule && !_inputHandlers.IsEmpty)
            builder.WithTopicFilter(IotHubTopics.ModuleInputs(_settings.DeviceId, _settings.ModuleId!), MqttQualityOfServiceLevel.AtLeastOnce);
        await _mqtt.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
    }

    private async void SubscribeLateAsync(string filter)
    {
        // A handler registered while connected: subscribe now (otherwise the next connect does it).
        try
        {
            if (IsConnected) await _mqtt.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Late subscription to {Filter} failed; the next connect subscribes", filter);
        }
    }

    // ---------------------------------------------------------------- incoming messages

    private Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var topic = args.ApplicationMessage.Topic;
        var payload = args.ApplicationMessage.Payload.ToArray();
        try
        {
            if (topic.StartsWith(IotHubTopics.TwinResponsePrefix, StringComparison.Ordinal)) HandleTwinResponse(topic, payload);
            else if (topic.StartsWith(IotHubTopics.DesiredPatchPrefix, StringComparison.Ordinal)) HandleDesiredPatch(topic, payload);
            else if (topic.StartsWith(IotHubTopics.MethodCallPrefix, StringComparison.Ordinal)) HandleMethodCall(topic, payload);
            else HandleInbound(topic, payload);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not handle message on {Topic}", topic);
        }

        return Task.CompletedTask;
    }

    private void HandleTwinResponse(string topic, byte[] payload)
    {
        // $iothub/twin/res/{status}/?$rid={rid}[&$version={v}]
        var rest = topic[IotHubTopics.TwinResponsePrefix.Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || !int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var status)) return;
        var query = IotHubTopics.QueryOf(topic);
        if (!query.TryGetValue("$rid", out var rid)) return;
        long? version = query.TryGetValue("$version", out var v) && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        if (_twinRequests.TryRemove(rid, out var pending)) pending.TrySetResult(new TwinResponse(status, payload, version));
    }

    private void HandleDesiredPatch(string topic, byte[] payload)
    {
        var query = IotHubTopics.QueryOf(topic);
        var version = query.TryGetValue("$version", out var v) && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var patch = JsonNode.Parse(payload) as JsonObject ?? new JsonObject();
        if (version == 0) version = TwinProperties.VersionOf(patch);
        EnqueueDesired(new DesiredPropertiesUpdate(patch, version, IsFullDocument: false));
    }

    private void EnqueueDesired(DesiredPropertiesUpdate update) =>
        _dispatch.Writer.TryWrite(async ct =>
        {
            var handler = _desiredHandler;
            if (handler is null) return;
            // After a reconnect the full document can overtake patches already applied, or arrive older: keep versions growing.
            if (update.Version != 0 && update.Version <= Interlocked.Read(ref _lastDesiredVersion)) return;
            await handler(update, ct).ConfigureAwait(false);
            if (update.Version != 0) Interlocked.Exchange(ref _lastDesiredVersion, update.Version);
        });

    private void HandleMethodCall(string topic, byte[] payload)
    {
        // $iothub/methods/POST/{name}/?$rid={rid}
        var rest = topic[IotHubTopics.MethodCallPrefix.Length..];
        var slash = rest.IndexOf('/');
        var name = slash < 0 ? rest : rest[..slash];
        if (!IotHubTopics.QueryOf(topic).TryGetValue("$rid", out var rid)) return;
        var request = new MethodRequest(name, rid, payload);
        _ = Task.Run(async () =>
        {
            MethodResponse response;
            if (!_methodHandlers.TryGetValue(name, out var handler))
            {
                response = MethodResponse.Error(501, $"Method '{name}' is not implemented by {_settings.ClientId}.");
            }
            else
            {
                try
                {
                    response = await handler(request, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "Direct method {MethodName} failed on {ClientId}", name, _settings.ClientId);
                    response = MethodResponse.Error(500, ex.Message);
                }
            }

            try
            {
                await _mqtt.PublishAsync(new MqttApplicationMessage
                {
                    Topic = IotHubTopics.MethodResponse(response.Status, rid),
                    Payload = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(response.Json is { Length: > 0 } json ? json : "null")),
                    QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
                }, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Could not answer direct method {MethodName} ({RequestId})", name, rid);
            }
        });
    }

    private void HandleInbound(string topic, byte[] payload)
    {
        var c2dPrefix = $"devices/{_settings.DeviceId}/messages/devicebound/";
        if (!_settings.IsModule && topic.StartsWith(c2dPrefix, StringComparison.Ordinal))
        {
            var handler = _cloudToDeviceHandler;
            if (handler is null) return;
            var message = new ReceivedMessage(topic, payload, PropertyBag.Parse(topic[c2dPrefix.Length..]), null);
            _dispatch.Writer.TryWrite(ct => handler(message, ct));
            return;
        }

        var inputsPrefix = $"devices/{_settings.DeviceId}/modules/{_settings.ModuleId}/inputs/";
        if (_settings.IsModule && topic.StartsWith(inputsPrefix, StringComparison.Ordinal))
        {
            var rest = topic[inputsPrefix.Length..];
            var slash = rest.IndexOf('/');
            var input = slash < 0 ? rest : rest[..slash];
            if (!_inputHandlers.TryGetValue(input, out var handler))
            {
                _logger.LogDebug("No handler for input {InputName}; message dropped", input);
                return;
            }

            var message = new ReceivedMessage(topic, payload, PropertyBag.Parse(slash < 0 ? null : rest[(slash + 1)..]), input);
            _dispatch.Writer.TryWrite(ct => handler(message, ct));
        }

        // Anything else under the module's '#' subscription (e.g. a broker echoing our own events) is not for us.
    }

    private async Task DispatchLoopAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var work in _dispatch.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await work(stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    _logger.LogError(ex, "Message handler failed on {ClientId}", _settings.ClientId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // ---------------------------------------------------------------- twin requests

    private async Task RefreshTwinAfterConnectAsync(CancellationToken session)
    {
        if (_desiredHandler is null) return;
        try
        {
            var twin = await GetTwinAsync(session).ConfigureAwait(false);
            EnqueueDesired(new DesiredPropertiesUpdate(twin.Desired, twin.DesiredVersion, IsFullDocument: true));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !session.IsCancellationRequested)
        {
            _logger.LogWarning("Twin GET after connect failed on {ClientId}: {Error}", _settings.ClientId, ex.Message);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<TwinResponse> TwinRequestAsync(Func<string, string> topicFor, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        timeout.CancelAfter(_options.OperationTimeout);
        var attempt = 0;
        while (true)
        {
            try
            {
                await WaitUntilConnectedAsync(timeout.Token).ConfigureAwait(false);
                var rid = Interlocked.Increment(ref _requestCounter).ToString(CultureInfo.InvariantCulture);
                var pending = new TaskCompletionSource<TwinResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
                _twinRequests[rid] = pending;
                try
                {
                    await _mqtt.PublishAsync(new MqttApplicationMessage
                    {
                        Topic = topicFor(rid),
                        Payload = new ReadOnlySequence<byte>(payload),
                        QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
                    }, timeout.Token).ConfigureAwait(false);
                    var response = await pending.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
                    if (response.Status is 429 or >= 500)
                    {
                        attempt++;
                        _logger.LogWarning("Twin request answered {Status}; retrying", response.Status);
                        await Task.Delay(Backoff(attempt), _time, timeout.Token).ConfigureAwait(false);
                        continue;
                    }

                    return response;
                }
                finally
                {
                    _twinRequests.TryRemove(rid, out _);
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                throw new TimeoutException($"No twin answer from {_endpointLabel} within {_options.OperationTimeout}.");
            }
            catch (Exception ex) when (ex is ConnectionLostException or MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
            {
                // The connection dropped mid-request: wait for the next one and ask again.
                attempt++;
                await Task.Delay(TimeSpan.FromMilliseconds(50), _time, timeout.Token).ConfigureAwait(false);
            }
        }
    }

    private void FailPendingTwinRequests()
    {
        foreach (var (rid, pending) in _twinRequests)
        {
            if (_twinRequests.TryRemove(rid, out _)) pending.TrySetException(new ConnectionLostException());
        }
    }

    private static string SafeFolderName(string clientId) =>
        string.Concat(clientId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private sealed record TwinResponse(int Status, byte[] Payload, long? Version);

    private sealed class ConnectionLostException() : Exception("The connection dropped before the answer arrived.");
}
