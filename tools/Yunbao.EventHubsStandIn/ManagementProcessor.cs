using Amqp;
using Amqp.Types;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// The $management node's READ for a hub ("com.microsoft:eventhub": name, created_at, partition_ids) and for a partition
/// ("com.microsoft:partition": begin/last sequence numbers, last offset, last enqueued time, is-empty). The request's
/// security_token is checked like a $cbs token.
/// </summary>
internal sealed class ManagementProcessor(IReadOnlyDictionary<string, HubState> hubs, SasTokenValidator validator, TimeProvider time)
    : IRequestHandler
{
    public Message Handle(Message request, Connection connection)
    {
        var properties = request.ApplicationProperties;
        var operation = properties?["operation"] as string;
        var type = properties?["type"] as string;
        var name = properties?["name"] as string ?? "";
        var token = properties?["security_token"] as string;

        if (!string.Equals(operation, "READ", StringComparison.Ordinal))
        {
            return CbsProcessor.Response(400, $"Operation '{operation}' is not supported.", "com.microsoft:argument-error");
        }
        var audienceOk = token is null
            ? ConnectionAuthorization.Of(connection).Covers(name)
            : validator.Validate(token, out _) is { } audience && Covers(audience, name);
        if (!audienceOk)
        {
            return CbsProcessor.Response(401, "Unauthorized: the security token is missing, invalid or expired.", ErrorCode.UnauthorizedAccess);
        }
        if (!hubs.TryGetValue(name, out var hub))
        {
            return CbsProcessor.Response(404, $"The messaging entity '{name}' could not be found.", ErrorCode.NotFound);
        }

        var body = new Map();
        if (string.Equals(type, "com.microsoft:eventhub", StringComparison.Ordinal))
        {
            body["name"] = hub.Name;
            body["created_at"] = hub.CreatedAt.UtcDateTime;
            body["partition_count"] = hub.Partitions.Count;
            body["partition_ids"] = hub.Partitions.Select(p => p.PartitionId).ToArray();
        }
        else if (string.Equals(type, "com.microsoft:partition", StringComparison.Ordinal)
            && hub.Partition(properties?["partition"] as string ?? "") is { } partition)
        {
            var snapshot = partition.Snapshot();
            body["name"] = hub.Name;
            body["partition"] = partition.PartitionId;
            body["begin_sequence_number"] = snapshot.BeginSequenceNumber;
            body["last_enqueued_sequence_number"] = snapshot.LastSequenceNumber;
            body["last_enqueued_offset"] = snapshot.LastOffset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            body["last_enqueued_time_utc"] = snapshot.LastEnqueuedTime.UtcDateTime;
            body["runtime_info_retrieval_time_utc"] = time.GetUtcNow().UtcDateTime;
            body["is_partition_empty"] = snapshot.IsEmpty;
        }
        else
        {
            return CbsProcessor.Response(404, $"The messaging entity '{name}' has no resource '{type}' / partition '{properties?["partition"]}' (status-code: 404).", ErrorCode.NotFound);
        }

        return new Message(body) { ApplicationProperties = CbsProcessor.Response(200, "OK", null).ApplicationProperties };
    }

    private static bool Covers(string audience, string hubName)
    {
        var scope = ConnectionAuthorization.ScopeOf(audience);
        return scope.Length == 0 || string.Equals(scope, hubName, StringComparison.OrdinalIgnoreCase);
    }
}
