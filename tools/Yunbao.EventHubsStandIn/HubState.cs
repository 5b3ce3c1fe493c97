using System.Globalization;
using System.Text;

namespace Yunbao.EventHubsStandIn;

/// <summary>One hub at run time: its partitions, consumer groups and who reads which partition.</summary>
internal sealed class HubState
{
    private int _roundRobin = -1;

    public HubState(EventHubDefinition definition, TimeProvider time)
    {
        Name = definition.Name;
        CreatedAt = time.GetUtcNow();
        Partitions = [.. Enumerable.Range(0, definition.PartitionCount)
            .Select(i => new PartitionLog(i.ToString(CultureInfo.InvariantCulture), definition.RetentionAge, definition.RetentionBytesPerPartition, time))];
        ConsumerGroups = new HashSet<string>(["$Default", .. definition.ConsumerGroups], StringComparer.OrdinalIgnoreCase);
    }

    public string Name { get; }
    public DateTimeOffset CreatedAt { get; }
    public IReadOnlyList<PartitionLog> Partitions { get; }
    public IReadOnlySet<string> ConsumerGroups { get; }
    public ReceiverRegistry Receivers { get; } = new();

    public PartitionLog? Partition(string id) => Partitions.FirstOrDefault(p => p.PartitionId == id);

    /// <summary>A partition key always lands on one partition (stable hash); no key means round-robin.</summary>
    public PartitionLog Choose(string? partitionKey)
    {
        if (partitionKey is null) return Partitions[(int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)Partitions.Count)];
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(partitionKey)) hash = (hash ^ b) * 16777619u;
        return Partitions[(int)(hash % (uint)Partitions.Count)];
    }
}
