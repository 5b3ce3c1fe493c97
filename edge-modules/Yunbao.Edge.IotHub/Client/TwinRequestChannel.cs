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
/// Twin requests over MQTT: IoT Hub answers a request published with <c>?$rid={rid}</c> on
/// <c>$iothub/twin/res/{status}/?$rid={rid}[&amp;$version={v}]</c>, so each request waits for the answer with its id.
/// Requests survive disconnects (asked again on the next connection) and 429/5xx (retried with backoff)
/// until <see cref="IotHubClientOptions.OperationTimeout"/>.
/// </summary>
internal sealed class TwinRequestChannel(
    IMqttClient mqtt,
    Func<CancellationToken, Task> waitUntilConnected,
    IotHubClientOptions options,
    string endpointLabel,
    TimeProvider time,
    ILogger logger,
    CancellationToken stopping)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TwinResponse>> _pending = new(StringComparer.Ordinal);
    private long _requestCounter;

    public async Task<TwinProperties> GetTwinAsync(CancellationToken cancellationToken)
    {
        var response = await RequestAsync(IotHubTopics.TwinGet, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200) throw new IotHubException(response.Status, $"Twin GET answered {response.Status}: {Encoding.UTF8.GetString(response.Payload)}");
        return TwinProperties.Parse(response.Payload);
    }

    public async Task<long> UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        var payload = Encoding.UTF8.GetBytes(patch.ToJsonString());
        var response = await RequestAsync(IotHubTopics.TwinPatchReported, payload, cancellationToken).ConfigureAwait(false);
        if (response.Status is not (200 or 204))
            throw new IotHubException(response.Status, $"Reported properties patch answered {response.Status}: {Encoding.UTF8.GetString(response.Payload)}");
        return response.Version ?? 0;
    }

    /// <summary>A publish on <c>$iothub/twin/res/</c>: completes the request with its <c>$rid</c>; unknown ids are late answers and ignored.</summary>
    public void HandleResponse(string topic, byte[] payload)
    {
        var rest = topic[IotHubTopics.TwinResponsePrefix.Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || !int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var status)) return;
        var query = IotHubTopics.QueryOf(topic);
        if (!query.TryGetValue("$rid", out var rid)) return;
        long? version = query.TryGetValue("$version", out var v) && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        if (_pending.TryRemove(rid, out var pending)) pending.TrySetResult(new TwinResponse(status, payload, version));
    }

    /// <summary>The connection ended: requests waiting for an answer ask again on the next one.</summary>
    public void FailPending()
    {
        foreach (var (rid, pending) in _pending)
        {
            if (_pending.TryRemove(rid, out _)) pending.TrySetException(new ConnectionLostException());
        }
    }

    private async Task<TwinResponse> RequestAsync(Func<string, string> topicFor, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        timeout.CancelAfter(options.OperationTimeout);
        var attempt = 0;
        while (true)
        {
            try
            {
                await waitUntilConnected(timeout.Token).ConfigureAwait(false);
                var rid = Interlocked.Increment(ref _requestCounter).ToString(CultureInfo.InvariantCulture);
                var pending = new TaskCompletionSource<TwinResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[rid] = pending;
                try
                {
                    await mqtt.PublishAsync(new MqttApplicationMessage
                    {
                        Topic = topicFor(rid),
                        Payload = new ReadOnlySequence<byte>(payload),
                        QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
                    }, timeout.Token).ConfigureAwait(false);
                    var response = await pending.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
                    if (response.Status is 429 or >= 500)
                    {
                        attempt++;
                        logger.LogWarning("Twin request answered {Status}; retrying", response.Status);
                        await Task.Delay(RetryBackoff.Delay(attempt, options.ReconnectMinDelay, options.ReconnectMaxDelay), time, timeout.Token).ConfigureAwait(false);
                        continue;
                    }

                    return response;
                }
                finally
                {
                    _pending.TryRemove(rid, out _);
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                throw new TimeoutException($"No twin answer from {endpointLabel} within {options.OperationTimeout}.");
            }
            catch (Exception ex) when (ex is ConnectionLostException or MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
            {
                // The connection dropped mid-request: wait for the next one and ask again.
                attempt++;
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, timeout.Token).ConfigureAwait(false);
            }
        }
    }

    private sealed record TwinResponse(int Status, byte[] Payload, long? Version);

    private sealed class ConnectionLostException() : Exception("The connection dropped before the answer arrived.");
}
