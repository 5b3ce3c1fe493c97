namespace Yunbao.EventHubsStandIn;

/// <summary>One configured event hub: its partitions, consumer groups and retention.</summary>
public sealed class EventHubDefinition
{
    public string Name { get; set; } = "";

    public int PartitionCount { get; set; } = 2;

    /// <summary>Consumer groups besides "$Default", which every hub has (as in Azure).</summary>
    public List<string> ConsumerGroups { get; set; } = [];

    /// <summary>Events older than this are dropped from the front of each partition (Azure's retention by time).</summary>
    public TimeSpan RetentionAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Each partition keeps at most this many bytes of events, oldest dropped first (the stand-in is in memory).</summary>
    public long RetentionBytesPerPartition { get; set; } = 64L * 1024 * 1024;
}
