using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts;
using Yunbao.Infrastructure.Messaging;

namespace Yunbao.DevHost;

/// <summary>
/// Feeds one queue to its function with the Functions runtime's semantics (<see cref="QueueTriggerSettings"/> from host.json,
/// base64 messages): delete on success; on an exception leave the message invisible for host.json's visibility timeout
/// and retry; after maxDequeueCount failed dequeues move it to {queue}-poison.
/// The pump reads the queue RAW (<paramref name="rawQueue"/> is a client without message encoding, see
/// <see cref="RawOptions"/>) and decodes Base64 per message, so one undecodable message goes to {queue}-poison with
/// its reason instead of failing the whole receive. No exception ends <see cref="RunAsync"/> except cancellation:
/// a failed receive is logged and retried with back-off, and <see cref="Health"/> says so.
/// </summary>
public sealed class QueuePump(QueueClient rawQueue, QueueClient poisonQueue, Func<string, CancellationToken, Task> handler, ILogger logger, TimeProvider? clock = null,
    int deliveries = 1, QueueTriggerSettings? settings = null)
{
    private readonly QueueTriggerSettings _settings = settings ?? QueueTriggerSettings.FunctionsDefaults;
    /// <summary>After this many receives in a row fail the pump reports itself down (it keeps trying).</summary>
    public const int FailuresBeforeDown = 3;
    private static readonly TimeSpan ProcessingVisibility = TimeSpan.FromMinutes(2);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Options of the client the pump reads with: no message encoding, the pump decodes Base64 itself.</summary>
    public static readonly QueueClientOptions RawOptions = new() { MessageEncoding = QueueMessageEncoding.None };

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _processed, _failed, _poisoned, _undecodable;
    private int _consecutiveReceiveFailures, _running, _stoppedOnRequest;
    private string? _lastError;

    public string QueueName => rawQueue.Name;
    public long Processed => Interlocked.Read(ref _processed);
    public long Failed => Interlocked.Read(ref _failed);
    public long Poisoned => Interlocked.Read(ref _poisoned);
    /// <summary>Messages that were not Base64 UTF-8 text and went to {queue}-poison without reaching the function.</summary>
    public long Undecodable => Interlocked.Read(ref _undecodable);
    public bool IsRunning => Volatile.Read(ref _running) == 1;

    /// <summary>Every message text handled successfully, in order (the e2e test re-enqueues them to prove idempotency).</summary>
    public ConcurrentQueue<string> Handled { get; } = new();
    /// <summary>
    /// How often each message is delivered (the fault campaign's at-least-once test: 3). The first successful delivery
    /// enqueues the copies again, so they arrive later, mixed with other messages, as a redelivery would.
    /// </summary>
    public int Deliveries { get; } = deliveries >= 1 ? deliveries : throw new ArgumentOutOfRangeException(nameof(deliveries));
    private readonly ConcurrentDictionary<string, byte> _copied = new(StringComparer.Ordinal);

    /// <summary>Down when the pump is not running (unless it was stopped on request: the run is over) or its last <see cref="FailuresBeforeDown"/> receives failed.</summary>
    public QueuePumpHealth Health
    {
        get
        {
            var failures = Volatile.Read(ref _consecutiveReceiveFailures);
            var stopped = !IsRunning && Volatile.Read(ref _stoppedOnRequest) == 1;
            var up = stopped || (IsRunning && failures < FailuresBeforeDown);
            var detail = stopped ? "stopped on request (the run is over)" : !IsRunning ? "not running"
                : failures > 0 ? $"{failures} receive(s) in a row failed: {Volatile.Read(ref _lastError)}"
                : "running";
            return new QueuePumpHealth(QueueName, up, detail, Processed, Poisoned, Undecodable);
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        Volatile.Write(ref _running, 1);
        try
        {
            var idle = TimeSpan.FromMilliseconds(50);
            while (!ct.IsCancellationRequested)
            {
                QueueMessage[] batch;
                try
                {
                    batch = (await rawQueue.ReceiveMessagesAsync(_settings.BatchSize, ProcessingVisibility, ct)).Value;
                    Volatile.Write(ref _consecutiveReceiveFailures, 0);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
                catch (Exception e)
                {
                    var failures = Interlocked.Increment(ref _consecutiveReceiveFailures);
                    Volatile.Write(ref _lastError, e.GetType().Name + ": " + e.Message);
                    logger.LogError(e, "Receiving from {Queue} failed ({Failures} in a row); the pump keeps trying", QueueName, failures);
                    if (!await DelayAsync(TimeSpan.FromMilliseconds(Math.Min(200 * failures, 2000)), ct)) break;
                    continue;
                }

                if (batch.Length == 0)
                {
                    // Back off like the runtime's polling (up to 1 s here, 1 min in Azure) so idle queues cost nothing.
                    if (!await DelayAsync(idle, ct)) break;
                    idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, 1000));
                    continue;
                }
                idle = TimeSpan.FromMilliseconds(50);
                try
                {
                    await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
                        async (m, token) => await HandleSafelyAsync(m, token));
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            }
        }
        finally
        {
            if (ct.IsCancellationRequested) Volatile.Write(ref _stoppedOnRequest, 1);
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Drains what is visible now (used at the end of a run and by tests).</summary>
    public async Task<int> DrainOnceAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var batch = (await rawQueue.ReceiveMessagesAsync(_settings.BatchSize, ProcessingVisibility, ct)).Value;
            if (batch.Length == 0) return total;
            total += batch.Length;
            foreach (var m in batch) await HandleSafelyAsync(m, ct);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _clock, ct);
            return true;
        }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>Never throws but for cancellation: a failure to delete, update or park a message leaves it to reappear after its visibility timeout.</summary>
    private async Task HandleSafelyAsync(QueueMessage message, CancellationToken ct)
    {
        try
        {
            if (TryDecode(message.MessageText, out var text, out var reason)) await HandleAsync(message, text, ct);
            else await ParkUndecodableAsync(message, reason);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e)
        {
            logger.LogError(e, "Message {MessageId} on {Queue} could not be settled; it reappears after its visibility timeout", message.MessageId, QueueName);
        }
    }

    /// <summary>The queue trigger's Base64 decoding, per message: Base64 of UTF-8 text.</summary>
    public static bool TryDecode(string raw, out string text, out string reason)
    {
        text = "";
        var bytes = new byte[raw.Length];
        if (!Convert.TryFromBase64String(raw, bytes, out var length))
        {
            reason = "The message is not valid Base64 (the queue trigger's message encoding).";
            return false;
        }
        try
        {
            text = StrictUtf8.GetString(bytes, 0, length);
            reason = "";
            return true;
        }
        catch (DecoderFallbackException)
        {
            reason = "The message's Base64 content is not UTF-8 text.";
            return false;
        }
    }

    private async Task ParkUndecodableAsync(QueueMessage message, string reason)
    {
        var poison = new PoisonMessage(reason, QueueName, _clock.GetUtcNow(), message.MessageText);
        await poisonQueue.SendMessageAsync(JsonSerializer.Serialize(poison, YunbaoJson.Options), CancellationToken.None);
        await rawQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        Interlocked.Increment(ref _undecodable);
        Interlocked.Increment(ref _poisoned);
        logger.LogWarning("Message {MessageId} on {Queue} moved to {Poison}: {Reason} (dequeue {DequeueCount}, {Length} characters)",
            message.MessageId, QueueName, poisonQueue.Name, reason, message.DequeueCount, message.MessageText.Length);
    }

    private async Task HandleAsync(QueueMessage message, string text, CancellationToken ct)
    {
        try
        {
            await handler(text, ct);
            Handled.Enqueue(text);
            Interlocked.Increment(ref _processed);
            // Identical texts are one message (every event has its own id): only its first delivery is copied.
            if (Deliveries > 1 && _copied.TryAdd(text, 0))
                for (var i = 1; i < Deliveries; i++) await rawQueue.SendMessageAsync(message.MessageText, CancellationToken.None);
            await rawQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the message becomes visible again after its timeout, as in Azure.
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failed);
            if (message.DequeueCount >= _settings.MaxDequeueCount)
            {
                logger.LogWarning(e, "Message {MessageId} on {Queue} failed {DequeueCount} times: moving it to {Poison}", message.MessageId, QueueName, message.DequeueCount, poisonQueue.Name);
                await poisonQueue.SendMessageAsync(text, CancellationToken.None);
                await rawQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                Interlocked.Increment(ref _poisoned);
            }
            else
            {
                logger.LogWarning(e, "Message {MessageId} on {Queue} failed (dequeue {DequeueCount} of {Max}); retrying after the visibility timeout", message.MessageId, QueueName, message.DequeueCount, _settings.MaxDequeueCount);
                await rawQueue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
    }
}
