using System.Collections.Concurrent;
using Azure.Storage.Queues;

namespace Yunbao.Edge.Modules.Tests;

/// <summary>Drains a queue, keeping the raw message texts in arrival order.</summary>
public sealed class QueueCollector(QueueClient queue)
{
    public List<string> Messages { get; } = [];

    public async Task<int> PollAsync()
    {
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0) return Messages.Count;
            foreach (var message in batch)
            {
                Messages.Add(message.MessageText);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }
}
