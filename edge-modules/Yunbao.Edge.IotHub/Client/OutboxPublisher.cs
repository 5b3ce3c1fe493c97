using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// The telemetry pump of one connection: publishes the durable outbox in order with QoS 1, keeps a window of
/// publishes awaiting PUBACK, and acknowledges a message to the outbox only after its PUBACK.
/// </summary>
internal sealed class OutboxPublisher(IMqttClient mqtt, FileOutbox outbox, int maxInFlight, string endpointLabel, TimeProvider time)
{
    /// <summary>
    /// Publishes until <paramref name="untilRenewal"/> has passed (then returns once the window is empty) or the session
    /// ends (then throws). What is unacknowledged is handed out again by the next session.
    /// </summary>
    public async Task PumpAsync(TimeSpan untilRenewal, CancellationToken session)
    {
        outbox.Rewind();
        using var renewal = new CancellationTokenSource(untilRenewal > TimeSpan.Zero ? untilRenewal : TimeSpan.FromMilliseconds(1), time);
        using var waitToken = CancellationTokenSource.CreateLinkedTokenSource(session, renewal.Token);
        var window = Math.Max(1, maxInFlight);
        var inFlight = new Queue<(OutboxRecord Record, Task<MqttClientPublishResult> Ack)>(window);
        try
        {
            while (true)
            {
                session.ThrowIfCancellationRequested();
                if (!renewal.IsCancellationRequested && inFlight.Count < window)
                {
                    // Publishes are issued in outbox order from this one loop; MQTTnet writes them in call order.
                    foreach (var record in outbox.ReadNext(window - inFlight.Count))
                        inFlight.Enqueue((record, mqtt.PublishAsync(ToMqttMessage(record), session)));
                }

                if (inFlight.Count == 0)
                {
                    if (renewal.IsCancellationRequested) return;
                    try
                    {
                        await outbox.WaitForAppendAsync(waitToken.Token).ConfigureAwait(false);
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
                    throw new IotHubException(0, $"{endpointLabel} refused message {next.Sequence}: {result.ReasonCode} {result.ReasonString}");
                outbox.Acknowledge(next.Sequence);
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
}
