using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Yunbao.EventHubsStandIn.Tests;

public sealed class ManagementTests
{
    [Fact]
    public async Task Hub_properties_list_the_configured_partitions_and_creation_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await using var standIn = await StandInFactory.StartAsync(partitions: 4);
        await using var producer = StandInFactory.Producer(standIn);

        var hub = await producer.GetEventHubPropertiesAsync();

        Assert.Equal(StandInFactory.Hub, hub.Name);
        Assert.Equal(["0", "1", "2", "3"], hub.PartitionIds);
        Assert.InRange(hub.CreatedOn, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(["0", "1", "2", "3"], await producer.GetPartitionIdsAsync());
    }

    [Fact]
    public async Task Empty_partition_says_so()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var producer = StandInFactory.Producer(standIn);

        var partition = await producer.GetPartitionPropertiesAsync("0");

        Assert.True(partition.IsEmpty);
        Assert.Equal("0", partition.Id);
        Assert.Equal(StandInFactory.Hub, partition.EventHubName);
        Assert.Equal(-1, partition.LastEnqueuedSequenceNumber);
    }

    [Fact]
    public async Task Partition_properties_follow_what_was_sent()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var producer = StandInFactory.Producer(standIn);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await producer.SendAsync([new EventData("a"), new EventData("b"), new EventData("c")], new SendEventOptions { PartitionId = "1" });
        await using var consumer = StandInFactory.Consumer(standIn);
        var read = await StandInFactory.ReadAsync(consumer, "1", EventPosition.Earliest, 3);

        var partition = await producer.GetPartitionPropertiesAsync("1");

        Assert.False(partition.IsEmpty);
        Assert.Equal(0, partition.BeginningSequenceNumber);
        Assert.Equal(2, partition.LastEnqueuedSequenceNumber);
        Assert.Equal(read[2].OffsetString, partition.LastEnqueuedOffsetString);
        Assert.Equal(read[2].EnqueuedTime, partition.LastEnqueuedTime);
        Assert.InRange(partition.LastEnqueuedTime, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.True((await producer.GetPartitionPropertiesAsync("0")).IsEmpty);
    }

    [Fact]
    public async Task Unknown_partition_is_not_found()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var producer = StandInFactory.Producer(standIn);

        var ex = await Assert.ThrowsAsync<EventHubsException>(() => producer.GetPartitionPropertiesAsync("7"));

        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, ex.Reason);
    }
}
