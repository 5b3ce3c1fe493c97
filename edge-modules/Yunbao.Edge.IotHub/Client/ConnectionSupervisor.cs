using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// Keeps one MQTT connection up: connects with a SAS token, runs a session on it, reconnects with a fresh token before
/// the token expires (IoT Hub closes the connection at expiry), and after a failure retries with jittered backoff.
/// </summary>
/// <remarks>
/// Per connection: <c>subscribeAsync</c>, then connected, then <c>runSessionAsync</c> until the renewal is due (it returns)
/// or the connection drops (it throws), then <c>sessionEnded</c> whatever ended it.
/// </remarks>
internal sealed class ConnectionSupervisor(
    IMqttClient mqtt,
    IotHubClientOptions options,
    IotHubConnectionSettings settings,
    SasTokenProvider tokens,
    ServerCertificateValidator certificates,
    string endpointLabel,
    Func<CancellationToken, Task> subscribeAsync,
    Func<TimeSpan, CancellationToken, Task> runSessionAsync,
    Action sessionEnded,
    Func<long> pendingMessages,
    ILogger logger,
    TimeProvider time)
{
    private readonly object _stateLock = new();
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _session;
    private Task? _loop;
    private bool _listening;

    public bool IsConnected => _connected.Task.IsCompletedSuccessfully && mqtt.IsConnected;

    /// <summary>The connection loop, once started; completes after <c>stop</c> is cancelled.</summary>
    public Task Completion
    {
        get { lock (_stateLock) return _loop ?? Task.CompletedTask; }
    }

    private string MqttHost => options.MqttHost ?? settings.GatewayHostName ?? settings.HostName;

    /// <summary>Starts the connection loop in the background; false when it already runs.</summary>
    public bool Start(CancellationToken stop)
    {
        lock (_stateLock)
        {
            if (_loop is not null) return false;
            if (!_listening)
            {
                mqtt.DisconnectedAsync += OnDisconnectedAsync;
                _listening = true;
            }

            _loop = Task.Run(() => RunAsync(stop), CancellationToken.None);
            return true;
        }
    }

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (_stateLock) task = _connected.Task;
        return task.WaitAsync(cancellationToken);
    }

    /// <summary>A normal DISCONNECT (after the loop has stopped), so the broker does not wait for the keep-alive.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (!mqtt.IsConnected) return;
        try
        {
            await mqtt.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "Disconnect during stop failed");
        }
    }

    private async Task RunAsync(CancellationToken stop)
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
                var token = await tokens.GetTokenAsync(forceNew: renewing, stop).ConfigureAwait(false);
                renewing = false;
                using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    connectTimeout.CancelAfter(options.OperationTimeout);
                    var result = await mqtt.ConnectAsync(BuildMqttOptions(token), connectTimeout.Token).ConfigureAwait(false);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        var status = result.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized ? 401 : 0;
                        throw new IotHubException(status, $"{endpointLabel} refused the connection: {result.ResultCode} {result.ReasonString}");
                    }
                }

                session = CancellationTokenSource.CreateLinkedTokenSource(stop);
                lock (_stateLock) _session = session;
                if (!mqtt.IsConnected) throw new IotHubException(0, "Connection closed right after CONNACK.");
                attempt = 0;
                logger.LogInformation("Connected to {Endpoint} {Host}:{Port} as {ClientId} (deviceId {DeviceId}, moduleId {ModuleId}); {PendingCount} messages waiting in the outbox",
                    endpointLabel, MqttHost, options.MqttPort, settings.ClientId, settings.DeviceId, settings.ModuleId, pendingMessages());

                await subscribeAsync(session.Token).ConfigureAwait(false);
                lock (_stateLock) _connected.TrySetResult();

                await runSessionAsync(tokens.RenewAt - time.GetUtcNow(), session.Token).ConfigureAwait(false);

                // Renewal: IoT Hub closes the connection when the token expires, so reconnect with a fresh one first.
                logger.LogInformation("Reconnecting to {Endpoint} to renew the SAS token of {DeviceId}/{ModuleId}", endpointLabel, settings.DeviceId, settings.ModuleId);
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
                var delay = RetryBackoff.Delay(attempt, options.ReconnectMinDelay, options.ReconnectMaxDelay);
                logger.LogWarning("Connection to {Endpoint} {Host}:{Port} lost or refused for {DeviceId}/{ModuleId} ({Error}); retry {Attempt} in {Delay} with {PendingCount} messages waiting",
                    endpointLabel, MqttHost, options.MqttPort, settings.DeviceId, settings.ModuleId, ex.Message, attempt, delay, pendingMessages());
                await DisconnectQuietlyAsync().ConfigureAwait(false);
                try
                {
                    await Task.Delay(delay, time, stop).ConfigureAwait(false);
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
                sessionEnded();
            }
        }
    }

    private MqttClientOptions BuildMqttOptions(SasToken token)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(MqttHost, options.MqttPort)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(settings.ClientId)
            .WithCredentials(IotHubTopics.Username(settings.HostName, settings.DeviceId, settings.ModuleId), token.Value)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(options.OperationTimeout);
        if (options.UseTls)
        {
            builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithTargetHost(MqttHost)
                .WithCertificateValidationHandler(args => certificates.Validate(args.Certificate, args.SslPolicyErrors)));
        }

        return builder.Build();
    }

    private async Task DisconnectQuietlyAsync()
    {
        if (!mqtt.IsConnected) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await mqtt.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Disconnect failed");
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        // MQTTnet raises this event later, on another thread: after a renewal it can arrive when the next
        // connection is already up, and must not tear that one down.
        if (mqtt.IsConnected) return Task.CompletedTask;
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
}
