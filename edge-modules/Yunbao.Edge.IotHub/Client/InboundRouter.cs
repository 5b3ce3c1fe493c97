using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// What the client subscribes to and where each incoming publish goes: twin responses to the
/// <see cref="TwinRequestChannel"/>, desired patches and C2D / module inputs to their handlers (one at a time, through
/// the <see cref="HandlerQueue"/>), direct methods to their handler and back to the hub with status and <c>$rid</c>.
/// </summary>
internal sealed class InboundRouter
{
    private readonly IMqttClient _mqtt;
    private readonly IotHubConnectionSettings _settings;
    private readonly TwinRequestChannel _twin;
    private readonly HandlerQueue _handlers;
    private readonly BackgroundTasks _background;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<string, Func<MethodRequest, CancellationToken, Task<MethodResponse>>> _methodHandlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<ReceivedMessage, CancellationToken, Task>> _inputHandlers = new(StringComparer.Ordinal);
    private readonly string _cloudToDevicePrefix;
    private readonly string _inputsPrefix;
    private Func<DesiredPropertiesUpdate, CancellationToken, Task>? _desiredHandler;
    private Func<ReceivedMessage, CancellationToken, Task>? _cloudToDeviceHandler;
    private readonly Func<bool> _isConnected;
    private long _lastDesiredVersion = -1;

    // isConnected: a session is subscribed and reported connected, so a handler registered now subscribes at once.
    public InboundRouter(
        IMqttClient mqtt,
        IotHubConnectionSettings settings,
        TwinRequestChannel twin,
        HandlerQueue handlers,
        BackgroundTasks background,
        Func<bool> isConnected,
        ILogger logger,
        CancellationToken stopping)
    {
        _isConnected = isConnected;
        _mqtt = mqtt;
        _settings = settings;
        _twin = twin;
        _handlers = handlers;
        _background = background;
        _logger = logger;
        _stopping = stopping;
        _cloudToDevicePrefix = $"devices/{settings.DeviceId}/messages/devicebound/";
        _inputsPrefix = $"devices/{settings.DeviceId}/modules/{settings.ModuleId}/inputs/";
        _mqtt.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
    }

    public bool HasDesiredHandler => _desiredHandler is not null;

    public void SetMethodHandler(string methodName, Func<MethodRequest, CancellationToken, Task<MethodResponse>>? handler)
    {
        if (handler is null) _methodHandlers.TryRemove(methodName, out _);
        else _methodHandlers[methodName] = handler;
    }

    public void SetDesiredPropertiesHandler(Func<DesiredPropertiesUpdate, CancellationToken, Task>? handler) => _desiredHandler = handler;

    public void SetInputMessageHandler(string inputName, Func<ReceivedMessage, CancellationToken, Task>? handler)
    {
        var wasEmpty = _inputHandlers.IsEmpty;
        if (handler is null) _inputHandlers.TryRemove(inputName, out _);
        else _inputHandlers[inputName] = handler;
        if (wasEmpty && handler is not null) SubscribeLate(IotHubTopics.ModuleInputs(_settings.DeviceId, _settings.ModuleId!));
    }

    public void SetCloudToDeviceMessageHandler(Func<ReceivedMessage, CancellationToken, Task>? handler)
    {
        var wasNull = _cloudToDeviceHandler is null;
        _cloudToDeviceHandler = handler;
        if (wasNull && handler is not null) SubscribeLate(IotHubTopics.CloudToDevice(_settings.DeviceId));
    }

    /// <summary>Subscribes a new connection (CleanSession 0 keeps them, but a first connect or an expired session has none).</summary>
    public async Task SubscribeAsync(CancellationToken session)
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
        await _mqtt.SubscribeAsync(builder.Build(), session).ConfigureAwait(false);
    }

    /// <summary>After each connect: the full desired document, so changes made while offline are not missed.</summary>
    public async Task RefreshDesiredPropertiesAsync(CancellationToken session)
    {
        if (_desiredHandler is null) return;
        try
        {
            var twin = await _twin.GetTwinAsync(session).ConfigureAwait(false);
            EnqueueDesired(new DesiredPropertiesUpdate(twin.Desired, twin.DesiredVersion, IsFullDocument: true));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !session.IsCancellationRequested)
        {
            _logger.LogWarning("Twin GET after connect failed on {DeviceId}/{ModuleId}: {Error}", _settings.DeviceId, _settings.ModuleId, ex.Message);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void SubscribeLate(string filter)
    {
        // A handler registered while connected: subscribe now (otherwise the next connect does it).
        if (_isConnected()) _background.Track(SubscribeLateAsync(filter), $"subscribe {filter}");
    }

    private async Task SubscribeLateAsync(string filter)
    {
        try
        {
            await _mqtt.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, _stopping).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Late subscription to {Filter} failed; the next connect subscribes", filter);
        }
    }

    private Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var topic = args.ApplicationMessage.Topic;
        var payload = args.ApplicationMessage.Payload.ToArray();
        try
        {
            if (topic.StartsWith(IotHubTopics.TwinResponsePrefix, StringComparison.Ordinal)) _twin.HandleResponse(topic, payload);
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

    private void HandleDesiredPatch(string topic, byte[] payload)
    {
        var query = IotHubTopics.QueryOf(topic);
        var version = query.TryGetValue("$version", out var v) && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var patch = JsonNode.Parse(payload) as JsonObject ?? new JsonObject();
        if (version == 0) version = TwinProperties.VersionOf(patch);
        EnqueueDesired(new DesiredPropertiesUpdate(patch, version, IsFullDocument: false));
    }

    private void EnqueueDesired(DesiredPropertiesUpdate update) =>
        _handlers.Enqueue(async ct =>
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
        // Methods run concurrently (the hub waits for each answer with its own timeout), not in the handler queue.
        _background.Track(Task.Run(() => InvokeMethodAsync(new MethodRequest(name, rid, payload))), $"method {name} ({rid})");
    }

    private async Task InvokeMethodAsync(MethodRequest request)
    {
        MethodResponse response;
        if (!_methodHandlers.TryGetValue(request.Name, out var handler))
        {
            response = MethodResponse.Error(501, $"Method '{request.Name}' is not implemented by {_settings.ClientId}.");
        }
        else
        {
            try
            {
                response = await handler(request, _stopping).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Direct method {MethodName} failed on {DeviceId}/{ModuleId}", request.Name, _settings.DeviceId, _settings.ModuleId);
                response = MethodResponse.Error(500, ex.Message);
            }
        }

        try
        {
            await _mqtt.PublishAsync(new MqttApplicationMessage
            {
                Topic = IotHubTopics.MethodResponse(response.Status, request.RequestId),
                Payload = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(response.Json is { Length: > 0 } json ? json : "null")),
                QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
            }, _stopping).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not answer direct method {MethodName} ({RequestId})", request.Name, request.RequestId);
        }
    }

    private void HandleInbound(string topic, byte[] payload)
    {
        if (!_settings.IsModule && topic.StartsWith(_cloudToDevicePrefix, StringComparison.Ordinal))
        {
            var handler = _cloudToDeviceHandler;
            if (handler is null) return;
            var message = new ReceivedMessage(topic, payload, PropertyBag.Parse(topic[_cloudToDevicePrefix.Length..]), null);
            _handlers.Enqueue(ct => handler(message, ct));
            return;
        }

        if (_settings.IsModule && topic.StartsWith(_inputsPrefix, StringComparison.Ordinal))
        {
            var rest = topic[_inputsPrefix.Length..];
            var slash = rest.IndexOf('/');
            var input = slash < 0 ? rest : rest[..slash];
            if (!_inputHandlers.TryGetValue(input, out var handler))
            {
                _logger.LogDebug("No handler for input {InputName}; message dropped", input);
                return;
            }

            var message = new ReceivedMessage(topic, payload, PropertyBag.Parse(slash < 0 ? null : rest[(slash + 1)..]), input);
            _handlers.Enqueue(ct => handler(message, ct));
        }

        // Anything else under the module's '#' subscription (e.g. a broker echoing our own events) is not for us.
    }
}
