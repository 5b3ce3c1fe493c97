using System.Text.Json;
using Azure.Storage.Queues;

namespace Yunbao.IotHubStandIn.Tests;

/// <summary>Reads queued Event Grid events back (Base64 queue messages, as Event Grid writes them).</summary>
public static class QueueReading
{
    public static async Task<List<JsonElement>> WaitForEventsAsync(QueueClient queue, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var events = new List<JsonElement>();
        while (events.Count < count && DateTime.UtcNow < deadline)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(5))).Value;
            foreach (var message in batch)
            {
                using var doc = JsonDocument.Parse(message.Body);
                events.Add(doc.RootElement.Clone());
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
            if (batch.Length == 0) await Task.Delay(100);
        }
        return events;
    }
}
