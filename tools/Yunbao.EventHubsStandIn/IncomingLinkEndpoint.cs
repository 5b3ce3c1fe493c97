using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using Microsoft.Extensions.Logging;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// A client's sender to a hub (partition chosen by x-opt-partition-key, else round-robin) or to one partition. A batch
/// (message format 0x80013700) carries each event as an encoded AMQP message in its own data section; it is appended as a
/// unit. An event or batch over the hub's limit is rejected with amqp:link:message-size-exceeded.
/// </summary>
internal sealed class IncomingLinkEndpoint(HubState hub, PartitionLog? partition, int maxMessageBytes, EventHubsStandInStats stats, ILogger logger)
    : LinkEndpoint
{
    /// <summary>Microsoft's batched message format (0x80013700), as the Event Hubs clients send batches.</summary>
    public const uint BatchFormat = 0x80013700;

    private static readonly Symbol PartitionKeyKey = "x-opt-partition-key";

    public override void OnMessage(MessageContext messageContext)
    {
        var message = messageContext.Message;
        var size = message.Encode().Length;
        if (size > maxMessageBytes)
        {
            stats.Oversize();
            logger.LogWarning(EventHubsStandInLabel.Text + ": {size} bytes to '{hub}' refused (limit {limit})", size, hub.Name, maxMessageBytes);
            messageContext.Complete(new Error(ErrorCode.MessageSizeExceeded)
            {
                Description = $"The received message (size {size} bytes) exceeds the limit ({maxMessageBytes} bytes) of hub '{hub.Name}'.",
            });
            return;
        }

        List<Message> events;
        if (message.Format == BatchFormat)
        {
            events = [];
            var sections = message.BodySection switch
            {
                DataList list => Enumerable.Range(0, list.Count).Select(i => list[i]).ToList(),
                Data single => [single],
                _ => [],
            };
            foreach (var data in sections)
            {
                var bytes = data.Binary;
                events.Add(Message.Decode(new ByteBuffer(bytes, 0, bytes.Length, bytes.Length)));
            }
        }
        else
        {
            events = [message];
        }

        var key = message.MessageAnnotations?[PartitionKeyKey] as string
            ?? events.Select(e => e.MessageAnnotations?[PartitionKeyKey] as string).FirstOrDefault(k => k is not null);
        var target = partition ?? hub.Choose(key);
        target.Append(events, partition is null ? key : null);
        stats.Received(events.Count);
        messageContext.Complete();
    }

    public override void OnFlow(FlowContext flowContext) { }

    public override void OnDisposition(DispositionContext dispositionContext) => dispositionContext.Complete();
}
