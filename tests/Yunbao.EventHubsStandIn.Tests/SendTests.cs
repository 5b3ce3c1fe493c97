using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Yunbao.EventHubsStandIn.Tests;

public sealed class SendTests
{
    [Fact]
    public async Task Single_event_keeps_body_properties_and_gets_its_position()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var producer = StandInFactory.Producer(standIn);
        await using var consumer = StandInFactory.Consumer(standIn);
        var sent = new EventData("{\"speed\":12}") { ContentType = "application/json", MessageId = "m-1" };
        sent.Properties["deviceId"] = "bus-7";
        sent.Properties["count"] = 3;
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await producer.SendAsync([sent], new SendEventOptions { PartitionId = "0" });
        var read = (await StandInFactory.ReadAsync(consumer, "0", EventPosition.Earliest, 1))[0];

        Assert.Equal("{\"speed\":12}", read.EventBody.ToString());
        Assert.Equal("application/json", read.ContentType);
        Assert.Equal("m-1", read.MessageId);
        Assert.Equal("bus-7", read.Properties["deviceId"]);
        Assert.Equal(3, read.Properties["count"]);
        Assert.Equal(0, read.SequenceNumber);
        Assert.Equal("0", read.OffsetString);
        Assert.InRange(read.EnqueuedTime, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Null(read.PartitionKey);
    }

    [Fact]
    public async Task Batch_lands_in_one_partition_in_order_with_increasing_positions()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var producer = StandInFactory.Producer(standIn);
        await using var consumer = StandInFactory.Consumer(standIn);

        using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = "1" });
        for (var i = 0; i < 5; i++) Assert.True(batch.TryAdd(new EventData($"e{i}")));
        await producer.SendAsync(batch);
        var read = await StandInFactory.ReadAsync(consumer, "1", EventPosition.Earliest, 5);

        Assert.Equal(["e0", "e1", "e2", "e3", "e4"], read.Select(e => e.EventBody.ToString()));
        Assert.Equal([0L, 1, 2, 3, 4], read.Select(e => e.SequenceNumber));
        Assert.True(read.Zip(read.Skip(1)).All(p => long.Parse(p.First.OffsetString, System.Globalization.CultureInfo.InvariantCulture)
            < long.Parse(p.Second.OffsetString, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True((await producer.GetPartitionPropertiesAsync("0")).IsEmpty);
        Assert.Equal(5, standIn.Stats.EventsReceived);
    }

    [Fact]
    public async Task Same_partition_key_always_lands_in_the_same_partition_and_is_delivered_with_the_key()
    {
        await using var standIn = await StandInFactory.StartAsync(partitions: 4);
        await using var producer = StandInFactory.Producer(standIn);
        await using var consumer = StandInFactory.Consumer(standIn);

        for (var i = 0; i < 3; i++) await producer.SendAsync([new EventData($"o{i}")], new SendEventOptions { PartitionKey = "order-42" });
        using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionKey = "order-42" });
        batch.TryAdd(new EventData("o3"));
        await producer.SendAsync(batch);

        var partitions = standIn.Partitions(StandInFactory.Hub);
        var used = Assert.Single(partitions, p => !p.IsEmpty);
        Assert.Equal(3, used.LastSequenceNumber);
        var read = await StandInFactory.ReadAsync(consumer, used.PartitionId, EventPosition.Earliest, 4);
        Assert.Equal(["o0", "o1", "o2", "o3"], read.Select(e => e.EventBody.ToString()));
        Assert.All(read, e => Assert.Equal("order-42", e.PartitionKey));
    }

    [Fact]
    public async Task Events_without_key_or_partition_are_spread_round_robin()
    {
        await using var standIn = await StandInFactory.StartAsync(partitions: 2);
        await using var producer = StandInFactory.Producer(standIn);

        for (var i = 0; i < 4; i++) await producer.SendAsync([new EventData($"r{i}")]);

        Assert.All(standIn.Partitions(StandInFactory.Hub), p => Assert.Equal(1, p.LastSequenceNumber));
    }
}
