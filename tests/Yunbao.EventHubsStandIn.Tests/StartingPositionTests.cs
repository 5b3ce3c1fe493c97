using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Time.Testing;

namespace Yunbao.EventHubsStandIn.Tests;

/// <summary>Every starting position the client offers, as the selector filter it sends.</summary>
public sealed class StartingPositionTests
{
    private static async Task<List<EventData>> SeedAsync(EventHubsStandIn standIn, int count)
    {
        await using var producer = StandInFactory.Producer(standIn);
        await producer.SendAsync(Enumerable.Range(0, count).Select(i => new EventData($"e{i}")), new SendEventOptions { PartitionId = "0" });
        await using var consumer = StandInFactory.Consumer(standIn);
        return await StandInFactory.ReadAsync(consumer, "0", EventPosition.Earliest, count);
    }

    private static IEnumerable<string> Bodies(IEnumerable<EventData> events) => events.Select(e => e.EventBody.ToString());

    [Fact]
    public async Task Earliest_reads_everything_kept()
    {
        await using var standIn = await StandInFactory.StartAsync();
        var all = await SeedAsync(standIn, 4);

        Assert.Equal(["e0", "e1", "e2", "e3"], Bodies(all));
    }

    [Fact]
    public async Task Latest_reads_only_what_comes_after_the_reader_attached()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await SeedAsync(standIn, 3);
        await using var consumer = StandInFactory.Consumer(standIn);
        var opened = standIn.Stats.ReceiversOpened;

        var reading = StandInFactory.ReadAsync(consumer, "0", EventPosition.Latest, 1);
        await StandInFactory.WaitForReceiversAsync(standIn, opened + 1);
        await using var producer = StandInFactory.Producer(standIn);
        await producer.SendAsync([new EventData("new")], new SendEventOptions { PartitionId = "0" });

        var read = await reading;
        Assert.Equal(["new"], Bodies(read));
        Assert.Equal(3, read[0].SequenceNumber);
    }

    [Fact]
    public async Task Offset_exclusive_and_inclusive()
    {
        await using var standIn = await StandInFactory.StartAsync();
        var all = await SeedAsync(standIn, 4);
        await using var consumer = StandInFactory.Consumer(standIn);

        var after = await StandInFactory.ReadAsync(consumer, "0", EventPosition.FromOffset(all[1].OffsetString, isInclusive: false), 2);
        var from = await StandInFactory.ReadAsync(consumer, "0", EventPosition.FromOffset(all[1].OffsetString, isInclusive: true), 3);

        Assert.Equal(["e2", "e3"], Bodies(after));
        Assert.Equal(["e1", "e2", "e3"], Bodies(from));
    }

    [Fact]
    public async Task Sequence_number_exclusive_and_inclusive()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await SeedAsync(standIn, 4);
        await using var consumer = StandInFactory.Consumer(standIn);

        var from = await StandInFactory.ReadAsync(consumer, "0", EventPosition.FromSequenceNumber(2), 2);
        var after = await StandInFactory.ReadAsync(consumer, "0", EventPosition.FromSequenceNumber(2, isInclusive: false), 1);

        Assert.Equal(["e2", "e3"], Bodies(from));
        Assert.Equal(["e3"], Bodies(after));
    }

    [Fact]
    public async Task Enqueued_time_reads_events_enqueued_after_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var standIn = await StandInFactory.StartAsync(time: time);
        await using var producer = StandInFactory.Producer(standIn);
        await producer.SendAsync([new EventData("early")], new SendEventOptions { PartitionId = "0" });
        var cut = time.GetUtcNow().AddSeconds(5);
        time.Advance(TimeSpan.FromSeconds(10));
        await producer.SendAsync([new EventData("late-1"), new EventData("late-2")], new SendEventOptions { PartitionId = "0" });
        await using var consumer = StandInFactory.Consumer(standIn);

        var read = await StandInFactory.ReadAsync(consumer, "0", EventPosition.FromEnqueuedTime(cut), 2);

        Assert.Equal(["late-1", "late-2"], Bodies(read));
        Assert.All(read, e => Assert.True(e.EnqueuedTime > cut));
    }

    [Fact]
    public async Task Each_consumer_group_reads_the_partition_independently()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await SeedAsync(standIn, 2);
        await using var app = StandInFactory.Consumer(standIn, "app");

        Assert.Equal(["e0", "e1"], Bodies(await StandInFactory.ReadAsync(app, "0", EventPosition.Earliest, 2)));
    }

    [Fact]
    public async Task Unknown_consumer_group_is_not_found()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var consumer = StandInFactory.Consumer(standIn, "nobody");

        var ex = await Assert.ThrowsAsync<EventHubsException>(() => StandInFactory.ReadAsync(consumer, "0", EventPosition.Earliest, 1));

        Assert.Equal(EventHubsException.FailureReason.ResourceNotFound, ex.Reason);
    }
}
