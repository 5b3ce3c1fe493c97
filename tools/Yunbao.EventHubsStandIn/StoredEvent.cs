namespace Yunbao.EventHubsStandIn;

/// <summary>One event as the partition keeps it: its position and the AMQP message as delivered (annotations included).</summary>
internal sealed record StoredEvent(long SequenceNumber, long Offset, DateTimeOffset EnqueuedTime, string? PartitionKey, byte[] Encoded);
