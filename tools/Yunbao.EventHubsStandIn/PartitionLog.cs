using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// One partition in memory: an append-only list of events with sequence numbers from 0 and byte offsets, trimmed from the
/// front by age and size (retention). Readers subscribe and are pumped after every append.
/// </summary>
internal sealed class PartitionLog(string partitionId, TimeSpan retentionAge, long retentionBytes, TimeProvider time)
{
    private static readonly Symbol SequenceNumberKey = "x-opt-sequence-number";
    private static readonly Symbol OffsetKey = "x-opt-offset";
    private static readonly Symbol EnqueuedTimeKey = "x-opt-enqueued-time";
    private static readonly Symbol PartitionKeyKey = "x-opt-partition-key";

    private readonly Lock _lock = new();
    private readonly List<StoredEvent> _events = [];
    private readonly List<Action> _readers = [];
    private long _nextSequence, _nextOffset, _bytes;
    private StoredEvent? _last;

    public string PartitionId { get; } = partitionId;

    /// <summary>Stamps the messages with their position and appends them in one step (a batch stays together).</summary>
    public IReadOnlyList<StoredEvent> Append(IReadOnlyList<Message> messages, string? partitionKey)
    {
        var appended = new List<StoredEvent>(messages.Count);
        Action[] readers;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var message in messages)
            {
                message.MessageAnnotations ??= new MessageAnnotations();
                message.MessageAnnotations[SequenceNumberKey] = _nextSequence;
                // Azure sends the offset as a string annotation; the clients parse it.
                message.MessageAnnotations[OffsetKey] = _nextOffset.ToString(System.Globalization.CultureInfo.InvariantCulture);
                message.MessageAnnotations[EnqueuedTimeKey] = now.UtcDateTime;
                var key = partitionKey ?? message.MessageAnnotations[PartitionKeyKey] as string;
                if (key is not null) message.MessageAnnotations[PartitionKeyKey] = key;
                var buffer = message.Encode();
                var encoded = buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
                var stored = new StoredEvent(_nextSequence, _nextOffset, now, key, encoded);
                _events.Add(stored);
                _last = stored;
                _nextSequence++;
                _nextOffset += encoded.Length;
                _bytes += encoded.Length;
                appended.Add(stored);
            }
            Trim(now);
            readers = [.. _readers];
        }
        foreach (var reader in readers) reader();
        return appended;
    }

    public PartitionSnapshot Snapshot()
    {
        lock (_lock)
        {
            Trim(time.GetUtcNow());
            var begin = _events.Count > 0 ? _events[0].SequenceNumber : _nextSequence;
            return new PartitionSnapshot(PartitionId, begin, _last?.SequenceNumber ?? -1, _last?.Offset ?? -1,
                _last?.EnqueuedTime ?? DateTimeOffset.UnixEpoch, _events.Count == 0);
        }
    }

    /// <summary>The sequence number a new reader starts at, from its selector filter.</summary>
    public long Resolve(StartPosition position)
    {
        lock (_lock)
        {
            Trim(time.GetUtcNow());
            return position.Kind switch
            {
                StartPositionKind.Earliest => _events.Count > 0 ? _events[0].SequenceNumber : _nextSequence,
                StartPositionKind.Latest => _nextSequence,
                StartPositionKind.Offset => First(e => position.Inclusive ? e.Offset >= position.Value : e.Offset > position.Value),
                StartPositionKind.SequenceNumber => position.Inclusive ? Math.Max(position.Value, First(_ => true)) : Math.Max(position.Value + 1, First(_ => true)),
                StartPositionKind.EnqueuedTime => First(e => e.EnqueuedTime.ToUnixTimeMilliseconds() > position.Value),
                _ => _nextSequence,
            };
        }
    }

    /// <summary>Up to <paramref name="max"/> events from <paramref name="fromSequence"/> on (or from the oldest kept one).</summary>
    public List<StoredEvent> Read(long fromSequence, int max)
    {
        lock (_lock)
        {
            var result = new List<StoredEvent>();
            if (_events.Count == 0 || max <= 0) return result;
            var index = (int)Math.Max(0, fromSequence - _events[0].SequenceNumber);
            for (var i = index; i < _events.Count && result.Count < max; i++) result.Add(_events[i]);
            return result;
        }
    }

    public void Subscribe(Action reader) { lock (_lock) _readers.Add(reader); }

    public void Unsubscribe(Action reader) { lock (_lock) _readers.Remove(reader); }

    private long First(Func<StoredEvent, bool> match)
    {
        foreach (var e in _events) if (match(e)) return e.SequenceNumber;
        return _nextSequence;
    }

    private void Trim(DateTimeOffset now)
    {
        var drop = 0;
        var bytes = _bytes;
        while (drop < _events.Count && (now - _events[drop].EnqueuedTime > retentionAge || bytes > retentionBytes))
        {
            bytes -= _events[drop].Encoded.Length;
            drop++;
        }
        if (drop == 0) return;
        _events.RemoveRange(0, drop);
        _bytes = bytes;
    }
}
