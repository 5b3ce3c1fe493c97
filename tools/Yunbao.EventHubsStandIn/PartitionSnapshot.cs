namespace Yunbao.EventHubsStandIn;

/// <summary>What $management READ answers for a partition.</summary>
public sealed record PartitionSnapshot(string PartitionId, long BeginSequenceNumber, long LastSequenceNumber, long LastOffset,
    DateTimeOffset LastEnqueuedTime, bool IsEmpty);
