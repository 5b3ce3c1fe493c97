using Amqp.Framing;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// Owner-level (epoch) exclusivity per consumer group and partition, as Event Hubs enforces it: a receiver with an owner
/// level at least the highest present takes the partition and every receiver with a lower or no owner level is detached
/// with amqp:link:stolen; a lower owner level, or none while an owner holds the partition, is refused with the same error.
/// </summary>
internal sealed class ReceiverRegistry
{
    private readonly Dictionary<string, List<OutgoingLinkEndpoint>> _byPartition = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds the receiver; returns the receivers it takes the partition from, or an error when it is refused.</summary>
    public Error? TryAdd(string consumerGroup, string partitionId, OutgoingLinkEndpoint receiver, out List<OutgoingLinkEndpoint> displaced)
    {
        displaced = [];
        var key = consumerGroup + "/" + partitionId;
        lock (_byPartition)
        {
            if (!_byPartition.TryGetValue(key, out var list)) _byPartition[key] = list = [];
            var highest = list.Where(r => r.OwnerLevel.HasValue).Select(r => r.OwnerLevel!.Value).DefaultIfEmpty(long.MinValue).Max();
            var hasOwner = highest != long.MinValue;
            if (receiver.OwnerLevel is not { } level)
            {
                if (hasOwner) return Stolen($"Receiver with owner level '{highest}' holds partition {partitionId} of consumer group '{consumerGroup}'; receivers without an owner level are refused.");
            }
            else if (hasOwner && level < highest)
            {
                return Stolen($"Receiver with owner level '{highest}' already exists for partition {partitionId}; owner level '{level}' is lower.");
            }
            else
            {
                displaced = [.. list.Where(r => r.OwnerLevel is not { } other || other < level)];
                foreach (var r in displaced) list.Remove(r);
            }
            list.Add(receiver);
            return null;
        }
    }

    public void Remove(string consumerGroup, string partitionId, OutgoingLinkEndpoint receiver)
    {
        lock (_byPartition)
        {
            if (_byPartition.TryGetValue(consumerGroup + "/" + partitionId, out var list)) list.Remove(receiver);
        }
    }

    public static Error Stolen(string description) => new(Amqp.ErrorCode.Stolen) { Description = description };
}
