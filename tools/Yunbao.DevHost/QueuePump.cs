using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace Yunbao.DevHost;

/// <summary>
/// Feeds one queue to its function with the Functions runtime's semantics (host.json: maxDequeueCount 5,
/// base64 messages): delete on success; on an exception leave the message invisible for a short
/// visibility timeout and retry; after the fifth failed dequeue move it to {queue}-poison.
/// </summary>
public sealed class QueuePump(QueueClient queue, QueueClient poisonQueue, Func<string, CancellationToken, Task> handler, ILogger logger)
{
    public const int MaxDequeueCount = 5;
    public static readonly TimeSpan RetryVisibilityTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ProcessingVisibility = TimeSpan.FromMinutes(2);

    private long _processed, _failed, _poisoned;

    public string QueueName => queue.Name;
    public long Processed => Interlocked.Read(ref _processed);
    public long Failed => Interlocked.Read(ref _failed);
    public long Poisoned => Interlocked.Read(ref _poisoned);

    /// <summary>Every message text handled successfully, in order (the e2e test re-enqueues them to prove idempotency).</summary>
    public ConcurrentQueue<string> Handled { get; } = new();

    public async Task RunAsync(CancellationToken ct)
    {
        var idle = TimeSpan.FromMilliseconds(50);
        while (!ct.IsCancellationRequested)
        {
            QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(16, ProcessingVisibility, ct)).Value;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }

            if (batch.Length == 0)
            {
                // Back off like the runtime's polling (up to 1 s here, 1 min in Azure) so idle queues cost nothing.
                try { await Task.Delay(idle, ct); } catch (OperationCanceledException) { break; }
                idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, 1000));
                continue;
            }
            idle = TimeSpan.FromMilliseconds(50);
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
                async (m, token) => await HandleAsync(m, token));
        }
    }

    /// <summary>Drains what is visible now (used at the end of a run and by tests).</summary>
    public async Task<int> DrainOnceAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(16, ProcessingVisibility, ct)).Value;
            if (batch.Length == 0) return total;
            total += batch.Length;
            foreach (var m in batch) await HandleAsync(m, ct);
        }
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken ct)
    {
        var text = message.Body.ToString();
        try
        {
            await handler(text, ct);
            Handled.Enqueue(text);
            Interlocked.Increment(ref _processed);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the message becomes visible again after its timeout, as in Azure.
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failed);
            if (message.DequeueCount >= MaxDequeueCount)
            {
                logger.LogWarning(e, "Message {MessageId} on {Queue} failed {DequeueCount} times: moving it to {Poison}", message.MessageId, queue.Name, message.DequeueCount, poisonQueue.Name);
                await poisonQueue.SendMessageAsync(text, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                Interlocked.Increment(ref _poisoned);
            }
            else
            {
                logger.LogWarning(e, "Message {MessageId} on {Queue} failed (dequeue {DequeueCount} of {Max}); retrying after the visibility timeout", message.MessageId, queue.Name, message.DequeueCount, MaxDequeueCount);
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: RetryVisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
    }
}
