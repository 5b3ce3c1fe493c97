using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Yunbao.EventHubsStandIn.Tests;

/// <summary>Owner level (epoch): a higher level takes the partition; lower or none is refused while it holds it.</summary>
public sealed class OwnerLevelTests
{
    [Fact]
    public async Task Higher_owner_level_takes_the_partition_and_the_old_reader_is_told_it_was_disconnected()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var first = StandInFactory.Consumer(standIn, "app");
        await using var second = StandInFactory.Consumer(standIn, "app");

        var firstReading = StandInFactory.ReadAsync(first, "0", EventPosition.Earliest, 1, new ReadEventOptions { OwnerLevel = 1 });
        await StandInFactory.WaitForReceiversAsync(standIn, 1);
        var secondReading = StandInFactory.ReadAsync(second, "0", EventPosition.Earliest, 1, new ReadEventOptions { OwnerLevel = 2 });

        var ex = await Assert.ThrowsAsync<EventHubsException>(() => firstReading);
        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, ex.Reason);
        await using var producer = StandInFactory.Producer(standIn);
        await producer.SendAsync([new EventData("for the owner")], new SendEventOptions { PartitionId = "0" });
        Assert.Equal("for the owner", (await secondReading)[0].EventBody.ToString());
        Assert.Equal(1, standIn.Stats.ReceiversStolen);
    }

    [Fact]
    public async Task Lower_or_no_owner_level_is_refused_while_an_owner_reads()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var owner = StandInFactory.Consumer(standIn);
        await using var other = StandInFactory.Consumer(standIn);
        using var stop = new CancellationTokenSource();
        var ownerReading = Task.Run(async () =>
        {
            await foreach (var _ in owner.ReadEventsFromPartitionAsync("1", EventPosition.Latest, new ReadEventOptions { OwnerLevel = 5 }, stop.Token)) { }
        });
        await StandInFactory.WaitForReceiversAsync(standIn, 1);

        var lower = await Assert.ThrowsAsync<EventHubsException>(() =>
            StandInFactory.ReadAsync(other, "1", EventPosition.Earliest, 1, new ReadEventOptions { OwnerLevel = 4 }));
        var none = await Assert.ThrowsAsync<EventHubsException>(() => StandInFactory.ReadAsync(other, "1", EventPosition.Earliest, 1));

        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, lower.Reason);
        Assert.Equal(EventHubsException.FailureReason.ConsumerDisconnected, none.Reason);
        Assert.Equal(0, standIn.Stats.ReceiversStolen);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ownerReading);
    }

    [Fact]
    public async Task Readers_without_owner_level_share_a_partition()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var producer = StandInFactory.Producer(standIn);
        await producer.SendAsync([new EventData("shared")], new SendEventOptions { PartitionId = "0" });
        await using var a = StandInFactory.Consumer(standIn);
        await using var b = StandInFactory.Consumer(standIn);

        var both = await Task.WhenAll(StandInFactory.ReadAsync(a, "0", EventPosition.Earliest, 1), StandInFactory.ReadAsync(b, "0", EventPosition.Earliest, 1));

        Assert.All(both, r => Assert.Equal("shared", r[0].EventBody.ToString()));
    }
}
