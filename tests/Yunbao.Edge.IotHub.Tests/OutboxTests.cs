using System.Text;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

public sealed class OutboxTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory("outbox");
    private readonly string _afterCrashDir = TestPaths.NewTempDirectory("outbox-after-crash");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        try { Directory.Delete(_afterCrashDir, recursive: true); } catch (IOException) { }
    }

    private FileOutbox Open(long maxBytes = 64L * 1024 * 1024, TimeSpan? maxAge = null, TimeProvider? time = null, CollectingLogger? logger = null, string? directory = null) =>
        FileOutbox.Open(new OutboxOptions { Directory = directory ?? _dir, MaxBytes = maxBytes, MaxAge = maxAge ?? TimeSpan.FromDays(7), SegmentBytes = 64 * 1024 }, logger, time);

    private static byte[] Body(int i) => Encoding.UTF8.GetBytes($"{{\"n\":{i}}}");

    private static int N(OutboxRecord r) => int.Parse(Encoding.UTF8.GetString(r.Payload.Span)[5..^1]);

    [Fact]
    public void Hands_out_messages_in_append_order_with_topic_and_body_intact()
    {
        using var outbox = Open();
        for (var i = 0; i < 1000; i++) outbox.Append($"devices/d/messages/events/$.mid={i}", Body(i));

        var read = outbox.ReadNext(10_000);

        Assert.Equal(Enumerable.Range(0, 1000), read.Select(N));
        Assert.Equal("devices/d/messages/events/$.mid=999", read[^1].Topic);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), read.Select(r => r.Sequence));
        Assert.Empty(outbox.ReadNext(10));
    }

    [Fact]
    public void Unacknowledged_messages_survive_a_new_instance_on_the_same_folder()
    {
        using (var first = Open())
        {
            for (var i = 0; i < 3000; i++) first.Append("t", Body(i));
            foreach (var r in first.ReadNext(100)) first.Acknowledge(r.Sequence); // 0..99 acknowledged
            first.ReadNext(50); // handed out but never acknowledged: must come back
        }

        using var second = Open();
        Assert.Equal(2900, second.PendingCount);
        var read = second.ReadNext(10_000);
        Assert.Equal(Enumerable.Range(100, 2900), read.Select(N));
    }

    [Fact]
    public void A_message_is_removed_only_after_its_acknowledgement()
    {
        using var outbox = Open();
        for (var i = 0; i < 10; i++) outbox.Append("t", Body(i));
        var batch = outbox.ReadNext(10);
        outbox.Acknowledge(batch[3].Sequence);

        // Connection dropped: everything after the last PUBACK is handed out again, in order.
        outbox.Rewind();
        Assert.Equal(Enumerable.Range(4, 6), outbox.ReadNext(10).Select(N));
        Assert.Equal(6, outbox.PendingCount);
    }

    [Fact]
    public void After_a_crash_at_most_the_unsaved_acknowledgements_are_replayed_never_lost()
    {
        using (var first = Open())
        {
            for (var i = 0; i < 2000; i++) first.Append("t", Body(i));
            foreach (var r in first.ReadNext(1500)) first.Acknowledge(r.Sequence);
            // Killed here: the folder as it is on disk now, without the final save of the acknowledged position
            // that disposing makes (to the original folder, which the restarted process never sees).
            TestPaths.SnapshotDirectory(_dir, _afterCrashDir);
        }

        using var second = Open(directory: _afterCrashDir);
        var read = second.ReadNext(10_000).Select(N).ToList();
        Assert.Equal(1999, read[^1]);
        Assert.Equal(Enumerable.Range(read[0], 2000 - read[0]), read); // contiguous through the end: nothing lost
        Assert.InRange(read[0], 1000, 1500); // replayed at most one save interval of acks
    }

    [Fact]
    public async Task Drained_completes_when_everything_is_acknowledged_and_is_remembered()
    {
        using (var outbox = Open())
        {
            for (var i = 0; i < 5; i++) outbox.Append("t", Body(i));
            var drained = outbox.WaitForDrainedAsync(default);
            Assert.False(drained.IsCompleted);
            foreach (var r in outbox.ReadNext(10)) outbox.Acknowledge(r.Sequence);
            await drained.WaitAsync(TimeSpan.FromSeconds(5));
        }

        using var reopened = Open();
        Assert.Equal(0, reopened.PendingCount);
        Assert.Empty(reopened.ReadNext(10));
        reopened.Append("t", Body(5));
        Assert.Equal(6, reopened.LastSequence); // sequence numbers keep growing across restarts
    }

    [Fact]
    public void Over_the_size_bound_the_oldest_messages_are_dropped_with_a_warning()
    {
        var logger = new CollectingLogger();
        using var outbox = Open(maxBytes: 256 * 1024, logger: logger);
        var body = new byte[1000];
        for (var i = 0; i < 1000; i++)
        {
            BitConverter.TryWriteBytes(body, i);
            outbox.Append("t", body);
        }

        Assert.InRange(outbox.SizeBytes, 1, 256 * 1024);
        Assert.True(outbox.DroppedCount > 0);
        Assert.Equal(1000 - outbox.DroppedCount, outbox.PendingCount);
        var read = outbox.ReadNext(2000);
        var first = BitConverter.ToInt32(read[0].Payload.Span);
        Assert.Equal(Enumerable.Range(first, 1000 - first), read.Select(r => BitConverter.ToInt32(r.Payload.Span))); // newest kept, in order
        Assert.Equal(outbox.DroppedCount, first);
        Assert.Contains(logger.Warnings, w => w.Contains("dropped") && w.Contains("oldest"));
    }

    [Fact]
    public void Messages_older_than_the_age_bound_are_dropped_with_a_warning()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T00:00:00Z"));
        var logger = new CollectingLogger();
        using var outbox = Open(maxAge: TimeSpan.FromHours(24), time: time, logger: logger);
        for (var i = 0; i < 3; i++) outbox.Append("t", Body(i));
        time.Advance(TimeSpan.FromHours(25));
        outbox.Append("t", Body(3));

        var read = outbox.ReadNext(10);

        Assert.Equal([3], read.Select(N));
        Assert.Equal(3, outbox.DroppedCount);
        Assert.Contains(logger.Warnings, w => w.Contains("older than"));
    }

    [Fact]
    public void A_torn_record_at_the_tail_is_cut_off_and_appending_continues()
    {
        using (var outbox = Open())
        {
            for (var i = 0; i < 10; i++) outbox.Append("t", Body(i));
        }

        var segment = Directory.GetFiles(_dir, "*.seg").Single();
        using (var f = new FileStream(segment, FileMode.Append)) f.Write([0x40, 0, 0, 0, 1, 2, 3]); // half a record

        using var reopened = Open();
        reopened.Append("t", Body(10));
        Assert.Equal(Enumerable.Range(0, 11), reopened.ReadNext(100).Select(N));
    }

    [Fact]
    public void Two_clients_cannot_share_one_outbox_folder()
    {
        using var first = Open();
        var ex = Assert.Throws<IOException>(() => Open());
        Assert.Contains("in use", ex.Message);
    }

    [Fact]
    public void Acknowledged_segments_are_deleted_from_disk()
    {
        using var outbox = Open();
        var body = new byte[4000];
        for (var i = 0; i < 200; i++) outbox.Append("t", body); // ~800 KB over 64 KB segments
        Assert.True(Directory.GetFiles(_dir, "*.seg").Length > 5);

        foreach (var r in outbox.ReadNext(1000)) outbox.Acknowledge(r.Sequence);

        Assert.Single(Directory.GetFiles(_dir, "*.seg"));
        Assert.Equal(0, outbox.PendingCount);
    }
}
