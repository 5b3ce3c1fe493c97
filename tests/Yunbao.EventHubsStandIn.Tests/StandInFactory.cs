using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Yunbao.EventHubsStandIn.Tests;

/// <summary>Starts a stand-in with test-only keys (never Azure keys) and builds the official clients for it.</summary>
internal static class StandInFactory
{
    public const string KeyName = "RootManageSharedAccessKey";
    public const string Key = "c3RhbmQtaW4tdGVzdC1rZXktbm90LWEtc2VjcmV0MDE=";
    public const string OtherKey = "YW5vdGhlci1rZXktdGhhdC10aGUtc3RhbmQtaW4tZG9lcw==";
    public const string Hub = "telemetry";

    public static Task<EventHubsStandIn> StartAsync(int partitions = 2, TimeProvider? time = null) =>
        EventHubsStandIn.StartAsync(new EventHubsStandInOptions
        {
            Hubs = [new EventHubDefinition { Name = Hub, PartitionCount = partitions, ConsumerGroups = ["app"] }],
            Keys = [new StandInAccessKey(KeyName, Key)],
        }, timeProvider: time);

    public static EventHubsRetryOptions FastRetry => new() { MaximumRetries = 0, TryTimeout = TimeSpan.FromSeconds(10) };

    public static EventHubProducerClient Producer(EventHubsStandIn standIn, string? connectionString = null) =>
        new(connectionString ?? standIn.ConnectionString(Hub), new EventHubProducerClientOptions { RetryOptions = FastRetry });

    public static EventHubConsumerClient Consumer(EventHubsStandIn standIn, string group = EventHubConsumerClient.DefaultConsumerGroupName) =>
        new(group, standIn.ConnectionString(Hub), new EventHubConsumerClientOptions { RetryOptions = FastRetry });

    /// <summary>Reads <paramref name="count"/> events of one partition from a position, failing after 15 s.</summary>
    public static async Task<List<EventData>> ReadAsync(EventHubConsumerClient consumer, string partitionId, EventPosition position, int count,
        ReadEventOptions? options = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var events = new List<EventData>();
        if (count == 0) return events;
        await foreach (var item in consumer.ReadEventsFromPartitionAsync(partitionId, position, options ?? new ReadEventOptions(), cts.Token))
        {
            events.Add(item.Data);
            if (events.Count == count) break;
        }
        return events;
    }

    /// <summary>Waits until the stand-in has attached <paramref name="count"/> receivers in all (a reader's link is up).</summary>
    public static async Task WaitForReceiversAsync(EventHubsStandIn standIn, long count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (standIn.Stats.ReceiversOpened < count) await Task.Delay(20, cts.Token);
    }
}
