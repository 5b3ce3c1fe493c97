using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Yunbao.Edge.IotHub;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// The MQTT side of the stand-in: an in-process MQTTnet broker on 127.0.0.1 that behaves like IoT Hub's MQTT endpoint
/// (identity and SAS auth, topic ACLs, no QoS 2, 256 KB limit, twin and direct-method topics, D2C routing).
/// Device publishes are consumed here and never forwarded to other clients; the hub's own publishes go to one client only.
/// </summary>
internal sealed class MqttGateway : IAsyncDisposable
{
    private const string TargetProperty = "x-standin-target";
    private const string HubSenderId = "#iothub-standin";   // '#' is not allowed in device ids, so no device can pose as the hub
    private readonly IotHubStandInOptions _options;
    private readonly DeviceRegistry _registry;
    private readonly IdentityAuthenticator _auth;
    private readonly TwinStore _twins;
    private readonly TelemetryRouter _router;
    private readonly StandInStats _stats;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<DirectMethodResult>> _pendingMethods = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokenExpiry = new(StringComparer.Ordinal);
    // Clients subscribed to direct methods: IoT Hub answers 404 "not online" to a method for a client that is not.
    private const string MethodsFilter = "$iothub/methods/POST/#";
    private readonly ConcurrentDictionary<string, byte> _methodSubscribers = new(StringComparer.Ordinal);
    // Cloud-to-device: IoT Hub keeps up to 50 messages per device until it subscribes to its devicebound topic.
    private const int MaxQueuedCloudToDevice = 50;
    private readonly ConcurrentDictionary<string, byte> _c2dSubscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Topic, byte[] Body)>> _c2dQueued = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private MqttServer? _server;
    private CancellationTokenSource? _expiryWatch;
    private long _nextRid;

    public MqttGateway(IotHubStandInOptions options, DeviceRegistry registry, IdentityAuthenticator auth, TwinStore twins,
        TelemetryRouter router, StandInStats stats, TimeProvider time, ILogger logger, int port, X509Certificate2? tlsCertificate = null, int tlsPort = 0)
    {
        (_options, _registry, _auth, _twins, _router, _stats, _time, _logger, Port) = (options, registry, auth, twins, router, stats, time, logger, port);
        (_tlsCertificate, TlsPort) = (tlsCertificate, tlsCertificate is null ? null : tlsPort);
    }

    private readonly X509Certificate2? _tlsCertificate;

    /// <summary>Plain MQTT port (the platform's own tests, the WebSocket bridge).</summary>
    public int Port { get; }

    /// <summary>MQTT over TLS port, as real devices connect (null when the stand-in has no certificate).</summary>
    public int? TlsPort { get; }
    public bool IsRunning => _server?.IsStarted == true;

    public async Task StartAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_server is not null) return;
            var builder = new MqttServerFactory().CreateServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
                .WithDefaultEndpointPort(Port)
                .WithDefaultEndpointReuseAddress();
            if (_tlsCertificate is not null)
            {
                // IoT Hub: MQTT 3.1.1 over TLS 1.2 on 8883; the same broker, so auth and topics are identical on both endpoints.
                builder = builder.WithEncryptedEndpoint()
                    .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
                    .WithEncryptedEndpointBoundIPV6Address(IPAddress.None)
                    .WithEncryptedEndpointPort(TlsPort!.Value)
                    .WithEncryptionCertificate(_tlsCertificate)
                    .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
            }
            var serverOptions = builder.Build();
            var server = new MqttServerFactory().CreateMqttServer(serverOptions);
            server.ValidatingConnectionAsync += OnValidatingConnection;
            server.ClientConnectedAsync += e => { _stats.Connected(); _logger.LogInformation(StandInLabel.Text + ": {clientId} connected", e.ClientId); return Task.CompletedTask; };
            server.ClientSubscribedTopicAsync += e =>
            {
                if (e.TopicFilter.Topic == MethodsFilter) _methodSubscribers[e.ClientId] = 0;
                if (e.TopicFilter.Topic == $"devices/{e.ClientId}/messages/devicebound/#")
                {
                    _c2dSubscribers[e.ClientId] = 0;
                    _ = Task.Run(() => DeliverQueuedCloudToDeviceAsync(e.ClientId));   // not inside the client's own SUBSCRIBE handling
                }
                return Task.CompletedTask;
            };
            server.ClientUnsubscribedTopicAsync += e =>
            {
                if (e.TopicFilter == MethodsFilter) _methodSubscribers.TryRemove(e.ClientId, out _);
                if (e.TopicFilter == $"devices/{e.ClientId}/messages/devicebound/#") _c2dSubscribers.TryRemove(e.ClientId, out _);
                return Task.CompletedTask;
            };
            server.ClientDisconnectedAsync += e =>
            {
                if (e.DisconnectType != MqttClientDisconnectType.Takeover)
                {
                    _methodSubscribers.TryRemove(e.ClientId, out _);
                    _c2dSubscribers.TryRemove(e.ClientId, out _);
                }
                _logger.LogInformation(StandInLabel.Text + ": {clientId} disconnected ({disconnectType})", e.ClientId, e.DisconnectType);
                return Task.CompletedTask;
            };
            server.InterceptingPublishAsync += OnPublish;
            server.InterceptingSubscriptionAsync += OnSubscribe;
            server.InterceptingClientEnqueueAsync += OnEnqueue;
            await server.StartAsync();
            _server = server;
            _expiryWatch = new CancellationTokenSource();
            _ = WatchTokenExpiryAsync(server, _expiryWatch.Token);
            _logger.LogInformation(StandInLabel.Text + ": MQTT broker listening on 127.0.0.1:{port} (plain) and {tls}", Port, TlsPort is { } tls ? $"127.0.0.1:{tls} (TLS)" : "no TLS");
        }
        finally { _lifecycle.Release(); }
    }

    /// <summary>Stops the broker (all clients drop), e.g. to rehearse an outage; <see cref="StartAsync"/> brings it back on the same port.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_server is null) return;
            _expiryWatch?.Cancel();
            await _server.StopAsync();
            _server.Dispose();
            _server = null;
            foreach (var pending in _pendingMethods.Values) pending.TrySetResult(new DirectMethodResult(404, null) { FromDevice = false });
            _logger.LogWarning(StandInLabel.Text + ": MQTT broker stopped");
        }
        finally { _lifecycle.Release(); }
    }

    public async Task<bool> IsConnectedAsync(string deviceId, string? moduleId)
    {
        var server = _server;
        if (server is null) return false;
        var clientId = moduleId is null ? deviceId : $"{deviceId}/{moduleId}";
        return (await server.GetClientsAsync()).Any(c => c.Id == clientId);
    }

    /// <summary>Connected and subscribed to direct methods, as IoT Hub requires before it delivers one.</summary>
    public async Task<bool> AcceptsMethodsAsync(string deviceId, string? moduleId) =>
        _methodSubscribers.ContainsKey(ClientId(deviceId, moduleId)) && await IsConnectedAsync(deviceId, moduleId);

    public async Task<IReadOnlyList<string>> ConnectedClientIdsAsync()
    {
        var server = _server;
        return server is null ? [] : [.. (await server.GetClientsAsync()).Select(c => c.Id)];
    }

    public async Task PublishDesiredPatchAsync(string deviceId, string? moduleId, JsonObject patch, long version)
    {
        var body = (JsonObject)patch.DeepClone();
        body["$version"] = version;
        await SendToClientAsync(ClientId(deviceId, moduleId), $"$iothub/twin/PATCH/properties/desired/?$version={version}", Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    /// <summary>
    /// Cloud-to-device message to a device (never a module): sent now when the device listens on its devicebound topic,
    /// else kept (at most 50, as IoT Hub's per-device queue) until it subscribes. False when the queue is full.
    /// </summary>
    public async Task<bool> SendCloudToDeviceAsync(string deviceId, byte[] body, IReadOnlyDictionary<string, string> properties)
    {
        var topic = $"devices/{deviceId}/messages/devicebound/{PropertyBag.Encode(properties)}";
        if (_c2dSubscribers.ContainsKey(deviceId) && await IsConnectedAsync(deviceId, null))
        {
            await SendToClientAsync(deviceId, topic, body);
            return true;
        }
        var queue = _c2dQueued.GetOrAdd(deviceId, _ => new ConcurrentQueue<(string, byte[])>());
        if (queue.Count >= MaxQueuedCloudToDevice) return false;
        queue.Enqueue((topic, body));
        return true;
    }

    private async Task DeliverQueuedCloudToDeviceAsync(string clientId)
    {
        if (!_c2dQueued.TryGetValue(clientId, out var queue)) return;
        try
        {
            while (queue.TryDequeue(out var message)) await SendToClientAsync(clientId, message.Topic, message.Body);
        }
        catch (InvalidOperationException ex) { _logger.LogWarning(ex, StandInLabel.Text + ": queued cloud-to-device messages of {clientId} not delivered", clientId); }
    }

    public async Task<DirectMethodResult> InvokeMethodAsync(string deviceId, string? moduleId, string methodName, string? payloadJson, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _stats.MethodCall();
        if (!await AcceptsMethodsAsync(deviceId, moduleId))
            return new DirectMethodResult(404, JsonSerializer.Serialize(new { errorCode = 404103, message = "Timed out waiting for device to connect.", standIn = StandInLabel.Text })) { FromDevice = false };
        var rid = Interlocked.Increment(ref _nextRid).ToString("x", CultureInfo.InvariantCulture);
        var pending = new TaskCompletionSource<DirectMethodResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingMethods[RidKey(deviceId, moduleId, rid)] = pending;
        try
        {
            await SendToClientAsync(ClientId(deviceId, moduleId), $"$iothub/methods/POST/{methodName}/?$rid={rid}", Encoding.UTF8.GetBytes(payloadJson ?? "null"));
            return await pending.Task.WaitAsync(timeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning(StandInLabel.Text + ": method {methodName} on {deviceId}/{moduleId} timed out", methodName, deviceId, moduleId);
            return new DirectMethodResult(504, JsonSerializer.Serialize(new { errorCode = 504101, message = "Timed out waiting for the response from device.", standIn = StandInLabel.Text })) { FromDevice = false };
        }
        finally { _pendingMethods.TryRemove(RidKey(deviceId, moduleId, rid), out _); }
    }

    private Task OnValidatingConnection(ValidatingConnectionEventArgs e)
    {
        var failure = _auth.ValidateConnect(e.ClientId, e.UserName, e.Password, out var deviceId, out var moduleId);
        if (failure != AuthFailure.None)
        {
            _stats.Refused();
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            _logger.LogWarning(StandInLabel.Text + ": refused connection of {clientId}: {reason}", e.ClientId, failure);
            return Task.CompletedTask;
        }
        _ = SharedAccessSignature.TryParse(e.Password, out var token);   // validated above
        _tokenExpiry[e.ClientId] = DateTimeOffset.FromUnixTimeSeconds(token!.Expiry);
        e.SessionItems["deviceId"] = deviceId;
        if (moduleId is not null) e.SessionItems["moduleId"] = moduleId;
        return Task.CompletedTask;
    }

    private async Task OnPublish(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (e.ClientId == HubSenderId && IsHubOriginated(message)) return;        // our own injected messages pass through to their one target
        e.ProcessPublish = false;                     // a device's publish is for the hub, never for other clients
        var (deviceId, moduleId) = SplitClientId(e.ClientId);

        if (message.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
        {
            // IoT Hub does not support QoS 2: it closes the connection.
            _logger.LogWarning(StandInLabel.Text + ": {clientId} published with QoS 2; closing the connection as IoT Hub does", e.ClientId);
            e.CloseConnection = true;
            return;
        }

        var topic = message.Topic;
        var eventsPrefix = moduleId is null ? $"devices/{deviceId}/messages/events/" : $"devices/{deviceId}/modules/{moduleId}/messages/events/";
        var body = message.Payload.ToArray();
        try
        {
            if (topic.StartsWith(eventsPrefix, StringComparison.Ordinal) || topic == eventsPrefix.TrimEnd('/'))
            {
                var bag = topic.Length > eventsPrefix.Length ? topic[eventsPrefix.Length..] : "";
                var properties = PropertyBag.Parse(bag);
                if (SystemProperties.CountedBytes(body.Length, properties) > _options.MaxMessageBytes)
                {
                    _stats.Oversize();
                    _logger.LogWarning(StandInLabel.Text + ": {clientId} sent a message over {limit} bytes; closing the connection", e.ClientId, _options.MaxMessageBytes);
                    e.CloseConnection = true;
                    return;
                }
                await _router.RouteAsync(deviceId, moduleId, properties, body, e.CancellationToken);
            }
            else if (topic.StartsWith("$iothub/twin/GET/", StringComparison.Ordinal))
            {
                _stats.TwinRequest();
                var rid = QueryValue(topic, "$rid");
                var twin = _twins.GetDocument(deviceId, moduleId);
                await SendToClientAsync(e.ClientId, $"$iothub/twin/res/200/?$rid={rid}", Encoding.UTF8.GetBytes(twin.ToJsonString()));
            }
            else if (topic.StartsWith("$iothub/twin/PATCH/properties/reported/", StringComparison.Ordinal))
            {
                _stats.TwinRequest();
                var rid = QueryValue(topic, "$rid");
                JsonObject? patch = null;
                try { patch = JsonNode.Parse(body) as JsonObject; } catch (JsonException) { }
                if (patch is null)
                {
                    await SendToClientAsync(e.ClientId, $"$iothub/twin/res/400/?$rid={rid}", []);
                    return;
                }
                var version = _twins.PatchReported(deviceId, moduleId, patch);
                await SendToClientAsync(e.ClientId, $"$iothub/twin/res/204/?$rid={rid}&$version={version}", []);
            }
            else if (topic.StartsWith("$iothub/methods/res/", StringComparison.Ordinal))
            {
                var rest = topic["$iothub/methods/res/".Length..];
                var slash = rest.IndexOf('/');
                var status = int.TryParse(slash < 0 ? rest : rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 500;
                var rid = QueryValue(topic, "$rid");
                if (rid is not null && _pendingMethods.TryRemove(RidKey(deviceId, moduleId, rid), out var pending))
                    pending.TrySetResult(new DirectMethodResult(status, body.Length == 0 ? null : Encoding.UTF8.GetString(body)));
            }
            else
            {
                // IoT Hub closes the connection of a device that publishes outside its own topics.
                _stats.Unauthorized();
                _logger.LogWarning(StandInLabel.Text + ": {clientId} may not publish to {topic}; closing the connection", e.ClientId, topic);
                e.CloseConnection = true;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not acknowledged: the device keeps the message and sends it again after reconnecting.
            _logger.LogError(ex, StandInLabel.Text + ": could not process a publish of {clientId} to {topic}; closing the connection", e.ClientId, topic);
            e.CloseConnection = true;
        }
    }

    private Task OnSubscribe(InterceptingSubscriptionEventArgs e)
    {
        var (deviceId, moduleId) = SplitClientId(e.ClientId);
        var filter = e.TopicFilter.Topic;
        var allowed = filter is "$iothub/twin/res/#" or "$iothub/twin/PATCH/properties/desired/#" or MethodsFilter
            || (moduleId is null && filter == $"devices/{deviceId}/messages/devicebound/#")
            || (moduleId is not null && (filter == $"devices/{deviceId}/modules/{moduleId}/#" || filter == $"devices/{deviceId}/modules/{moduleId}/inputs/#"));
        if (!allowed)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            _logger.LogWarning(StandInLabel.Text + ": {clientId} may not subscribe to {topicFilter}", e.ClientId, filter);
            return Task.CompletedTask;
        }
        if (e.TopicFilter.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
            e.TopicFilter.QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;   // IoT Hub grants QoS 1 for a QoS 2 subscribe
        return Task.CompletedTask;
    }

    private static Task OnEnqueue(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        var target = e.ApplicationMessage.UserProperties?.FirstOrDefault(p => p.Name == TargetProperty) is { } property ? Encoding.UTF8.GetString(property.ValueBuffer.Span) : null;
        e.AcceptEnqueue = target is not null && target == e.ReceiverClientId;
        return Task.CompletedTask;
    }

    private async Task SendToClientAsync(string clientId, string topic, byte[] payload)
    {
        var server = _server ?? throw new InvalidOperationException(StandInLabel.Text + ": the MQTT broker is stopped.");
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithUserProperty(TargetProperty, new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(clientId)))
            .Build();
        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = HubSenderId }, CancellationToken.None);
    }

    private async Task WatchTokenExpiryAsync(MqttServer server, CancellationToken cancellationToken)
    {
        // IoT Hub closes a connection when its SAS token expires; the device must reconnect with a fresh token.
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), _time, cancellationToken);
                var now = _time.GetUtcNow();
                foreach (var client in await server.GetClientsAsync())
                {
                    if (_tokenExpiry.TryGetValue(client.Id, out var expiry) && expiry <= now)
                    {
                        _logger.LogInformation(StandInLabel.Text + ": SAS token of {clientId} expired; closing the connection", client.Id);
                        await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized });
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception ex) { _logger.LogError(ex, StandInLabel.Text + ": token expiry watch stopped"); }
    }

    private static bool IsHubOriginated(MqttApplicationMessage message) =>
        message.UserProperties?.Any(p => p.Name == TargetProperty) == true;

    private static (string DeviceId, string? ModuleId) SplitClientId(string clientId)
    {
        var slash = clientId.IndexOf('/');
        return slash < 0 ? (clientId, null) : (clientId[..slash], clientId[(slash + 1)..]);
    }

    private static string ClientId(string deviceId, string? moduleId) => moduleId is null ? deviceId : $"{deviceId}/{moduleId}";
    private static string RidKey(string deviceId, string? moduleId, string rid) => $"{ClientId(deviceId, moduleId)}|{rid}";

    private static string? QueryValue(string topic, string name)
    {
        var q = topic.IndexOf('?');
        return q < 0 ? null : PropertyBag.Parse(topic[(q + 1)..]).GetValueOrDefault(name);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _lifecycle.Dispose();
    }
}
