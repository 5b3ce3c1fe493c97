using System.Text.Json;
using Azure.Storage.Queues;
using Yunbao.Contracts.Messaging;

namespace Yunbao.IotHubStandIn.Tests;

/// <summary>Reads queue messages back as the Functions app gets them: raw text, parsed by EventGridEvents.</summary>
public static class QueueReading
{
    public static async Task<List<string>> WaitForMessagesAsync(QueueClient queue, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var messages = new List<string>();
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(5))).Value;
            foreach (var message in batch)
            {
                messages.Add(message.MessageText);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
            if (batch.Length == 0) await Task.Delay(100);
        }
        return messages;
    }

    /// <summary>The Event Grid JSON of each message (the envelope as sent, for shape assertions).</summary>
    public static async Task<List<JsonElement>> WaitForEventsAsync(QueueClient queue, int count, TimeSpan? timeout = null) =>
        [.. (await WaitForMessagesAsync(queue, count, timeout)).Select(m => JsonDocument.Parse(EventGridEvents.DecodeQueueMessage(m)).RootElement.Clone())];
}
