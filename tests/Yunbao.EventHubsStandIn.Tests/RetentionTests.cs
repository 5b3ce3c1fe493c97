using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Time.Testing;

namespace Yunbao.EventHubsStandIn.Tests;

public sealed class RetentionTests
{
    [Fact]
    public async Task Events_older_than_the_retention_age_are_gone_and_the_partition_begins_after_them()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var standIn = await EventHubsStandIn.StartAsync(new EventHubsStandInOptions
        {
            Hubs = [new EventHubDefinition { Name = "telemetry", PartitionCount = 1, RetentionAge = TimeSpan.FromMinutes(10) }],
            Keys = [new StandInAccessKey(StandInFactory.KeyName, StandInFactory.Key)],
        }, timeProvider: time);
        await using var producer = StandInFactory.Producer(standIn);
        await producer.SendAsync([new EventData("old")]);
        time.Advance(TimeSpan.FromMinutes(11));
        await producer.SendAsync([new EventData("kept")]);
        await using var consumer = StandInFactory.Consumer(standIn);

        var read = await StandInFactory.ReadAsync(consumer, "0", EventPosition.Earliest, 1);
        var partition = await producer.GetPartitionPropertiesAsync("0");

        Assert.Equal("kept", read[0].EventBody.ToString());
        Assert.Equal(1, partition.BeginningSequenceNumber);
        Assert.Equal(1, partition.LastEnqueuedSequenceNumber);
    }

    [Fact]
    public async Task Partition_keeps_at_most_its_byte_budget_dropping_the_oldest()
    {
        await using var standIn = await EventHubsStandIn.StartAsync(new EventHubsStandInOptions
        {
            Hubs = [new EventHubDefinition { Name = "telemetry", PartitionCount = 1, RetentionBytesPerPartition = 3000 }],
            Keys = [new StandInAccessKey(StandInFactory.KeyName, StandInFactory.Key)],
        });
        await using var producer = StandInFactory.Producer(standIn);
        for (var i = 0; i < 5; i++) await producer.SendAsync([new EventData(new byte[1000])]);

        var partition = await producer.GetPartitionPropertiesAsync("0");

        Assert.Equal(4, partition.LastEnqueuedSequenceNumber);
        Assert.Equal(3, partition.BeginningSequenceNumber); // two events of ~1.1 KB each fit in 3000 bytes
    }
}
