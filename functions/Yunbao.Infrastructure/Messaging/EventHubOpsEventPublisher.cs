using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Yunbao.Application.OpsEvents;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Messaging;

/// <summary>Sends one order's ops events as one batch with partition key = order id, so they stay in order in one partition.</summary>
public sealed class EventHubOpsEventPublisher(EventHubProducerClient producer) : IOpsEventPublisher
{
    public async Task PublishAsync(string orderId, IReadOnlyList<OpsEvent> events, CancellationToken ct)
    {
        var remaining = events.ToList();
        while (remaining.Count > 0)
        {
            using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionKey = orderId }, ct);
            var taken = 0;
            foreach (var e in remaining)
            {
                var data = new EventData(CloudEventJson.Encode(e)) { ContentType = CloudEventJson.ContentType, MessageId = e.Id };
                data.Properties["cloudEvents:id"] = e.Id;
                data.Properties["cloudEvents:type"] = e.Type;
                if (!batch.TryAdd(data)) break;
                taken++;
            }
            if (taken == 0) throw new InvalidOperationException($"Ops event {remaining[0].Id} is larger than an Event Hubs batch.");
            await producer.SendAsync(batch, ct);
            remaining.RemoveRange(0, taken);
        }
    }
}
