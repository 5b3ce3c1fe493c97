using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.DevHost.Modules;
using Yunbao.Edge.Modules;
using Yunbao.IotHubStandIn;
using Yunbao.LocalStack;
using Yunbao.Testing;

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
