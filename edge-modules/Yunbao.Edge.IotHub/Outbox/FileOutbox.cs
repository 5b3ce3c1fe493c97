using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// A durable FIFO of outgoing messages in append-only segment files.
/// <para>
/// Appends go to the tail segment (<c>{firstSequence}.seg</c>) and reach the OS before <see cref="Append"/> returns
/// (optionally fsync'd, <see cref="OutboxOptions.FlushToDisk"/>). One reader (the client's publish pump) reads in
/// order with <see cref="ReadNext"/> and calls <see cref="Acknowledge"/> after the broker's PUBACK; only then is a
/// message gone. The acknowledged position lives in the small file <c>ack</c>, written every few hundred acks, on
/// drain and on dispose: after a crash at most those last acks are replayed, which is why messages carry a stable
/// <c>$.mid</c> and receivers dedupe (QoS 1 is at-least-once; exactly-once is not on offer).
/// </para>
/// <para>
/// Bounds: total bytes (the oldest segment is dropped with a warning) and age (messages older than
/// <see cref="OutboxOptions.MaxAge"/> are dropped with a warning when they reach the head).
/// Records carry a CRC-32, so a record torn by a power cut is cut off at open rather than sent garbled.
/// </para>
/// </summary>
public sealed class FileOutbox : IDisposable
{
    private const int HeaderBytes = 8; // int32 length + uint32 crc
    private const int FixedBodyBytes = 8 + 8 + 2; // seq + enqueued unix ms + topic length
    private const int MaxRecordBytes = 16 * 1024 * 1024;
    private const int AckPersistEvery = 512;
    private static readonly TimeSpan AckPersistInterval = TimeSpan.FromMilliseconds(250);

    private readonly object _lock = new();
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long _segmentBytes;
    private readonly List<Segment> _segments = [];
    private readonly FileStream _lockFile;
    private readonly FileStream _ackFile;
    private readonly Channel<bool> _appended = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private FileStream? _writer;
    private Segment? _writerSegment;
    private FileStream? _reader;
    private Segment? _readerSegment;
    private long _readerNextSeq;

    private long _lastSeq;
    private long _ackedSeq;
    private long _readSeq;
    private long _totalBytes;
    private long _persistedAck;
    private int _acksSincePersist;
    private long _lastPersistTimestamp;
    private long _dropped;
    private TaskCompletionSource? _drained;
    private bool _disposed;

    private FileOutbox(OutboxOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _segmentBytes = Math.Max(64 * 1024, Math.Min(options.SegmentBytes, options.MaxBytes / 4));
        Directory.CreateDirectory(options.Directory);
        try
        {
            // Two clients on one folder would interleave and lose messages: refuse instead.
            _lockFile = new FileStream(Path.Combine(options.Directory, "outbox.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"Outbox folder '{options.Directory}' is in use by another client.", ex);
        }

        _ackFile = new FileStream(Path.Combine(options.Directory, "ack"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
    }

    /// <summary>Opens (or creates) the outbox in <see cref="OutboxOptions.Directory"/> and recovers what a previous process left.</summary>
    public static FileOutbox Open(OutboxOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxBytes <= 0) throw new ArgumentOutOfRangeException(nameof(options), "Outbox MaxBytes must be positive.");
        var outbox = new FileOutbox(options, logger ?? NullLogger.Instance, timeProvider ?? TimeProvider.System);
        try
        {
            outbox.Recover();
            return outbox;
        }
        catch
        {
            outbox.Dispose();
            throw;
        }
    }

    /// <summary>Messages appended and not yet acknowledged (nor dropped).</summary>
    public long PendingCount { get { lock (_lock) return _lastSeq - _ackedSeq; } }

    /// <summary>Bytes of segment files on disk.</summary>
    public long SizeBytes { get { lock (_lock) return _totalBytes; } }

    /// <summary>Messages dropped by the size or age bound since this instance opened.</summary>
    public long DroppedCount { get { lock (_lock) return _dropped; } }

    public long LastSequence { get { lock (_lock) return _lastSeq; } }

    public long AcknowledgedSequence { get { lock (_lock) return _ackedSeq; } }

    /// <summary>Appends a message durably (see <see cref="OutboxOptions.FlushToDisk"/>) and returns its sequence number.</summary>
    public long Append(string topic, ReadOnlySpan<byte> payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var topicBytes = Encoding.UTF8.GetByteCount(topic);
        if (topicBytes > ushort.MaxValue) throw new ArgumentException("Topic is longer than 65535 bytes.", nameof(topic));
        var bodyLength = FixedBodyBytes + topicBytes + payload.Length;
        if (bodyLength > MaxRecordBytes) throw new ArgumentException($"Message of {payload.Length} bytes is too large for the outbox.", nameof(payload));

        var buffer = ArrayPool<byte>.Shared.Rent(HeaderBytes + bodyLength);
        try
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var seq = _lastSeq + 1;
                var record = buffer.AsSpan(0, HeaderBytes + bodyLength);
                var body = record[HeaderBytes..];
                BinaryPrimitives.WriteInt64LittleEndian(body, seq);
                BinaryPrimitives.WriteInt64LittleEndian(body[8..], _time.GetUtcNow().ToUnixTimeMilliseconds());
                BinaryPrimitives.WriteUInt16LittleEndian(body[16..], (ushort)topicBytes);
                Encoding.UTF8.GetBytes(topic, body.Slice(FixedBodyBytes, topicBytes));
                payload.CopyTo(body[(FixedBodyBytes + topicBytes)..]);
                BinaryPrimitives.WriteInt32LittleEndian(record, bodyLength);
                BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32.Compute(body));

                var writer = WriterFor(seq);
                writer.Write(record);
                writer.Flush(_options.FlushToDisk);
                _writerSegment!.LastSeq = seq;
                _writerSegment.Bytes += record.Length;
                _totalBytes += record.Length;
                _lastSeq = seq;
                EnforceSizeBound();
                _appended.Writer.TryWrite(true);
                return seq;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The next unacknowledged messages after those already handed out, in order. Messages older than
    /// <see cref="OutboxOptions.MaxAge"/> that reach the head are dropped here with a warning.
    /// </summary>
    public IReadOnlyList<OutboxRecord> ReadNext(int maxCount)
    {
        var result = new List<OutboxRecord>(Math.Min(maxCount, 1024));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var expireBefore = _time.GetUtcNow() - _options.MaxAge;
            long expired = 0;
            while (result.Count < maxCount && _readSeq < _lastSeq)
            {
                var want = _readSeq + 1;
                if (!PositionReader(want)) break;
                var record = ReadRecord(_reader!, out _);
                if (record is null || record.Sequence != _readerNextSeq)
                {
                    _logger.LogError("Outbox segment {Segment} is corrupt after sequence {Sequence}; skipping the rest of it", _readerSegment!.Path, _readerNextSeq - 1);
                    _readSeq = Math.Max(_readSeq, _readerSegment.LastSeq);
                    CloseReader();
                    continue;
                }

                _readerNextSeq = record.Sequence + 1;
                if (record.Sequence < want) continue; // scanning forward after a rewind or reopen
                _readSeq = record.Sequence;
                if (record.EnqueuedAt < expireBefore && _ackedSeq == record.Sequence - 1)
                {
                    _ackedSeq = record.Sequence;
                    expired++;
                    continue;
                }

                result.Add(record);
            }

            if (expired > 0)
            {
                _dropped += expired;
                _logger.LogWarning("Outbox dropped {DroppedCount} messages older than {MaxAge} (oldest first); they were never sent", expired, _options.MaxAge);
                AfterAckAdvanced(forcePersist: true);
            }
        }

        return result;
    }

    /// <summary>Marks every message up to and including <paramref name="sequence"/> as delivered (after its PUBACK).</summary>
    public void Acknowledge(long sequence)
    {
        lock (_lock)
        {
            if (_disposed || sequence <= _ackedSeq) return;
            _ackedSeq = Math.Min(sequence, _lastSeq);
            if (_readSeq < _ackedSeq) _readSeq = _ackedSeq;
            _acksSincePersist++;
            AfterAckAdvanced(forcePersist: false);
        }
    }

    /// <summary>Hands out unacknowledged messages again from the head (after a reconnect).</summary>
    public void Rewind()
    {
        lock (_lock) _readSeq = _ackedSeq;
    }

    /// <summary>Completes when something was appended since the last call (may wake spuriously).</summary>
    public ValueTask<bool> WaitForAppendAsync(CancellationToken cancellationToken) => _appended.Reader.ReadAsync(cancellationToken);

    /// <summary>Completes when every appended message is acknowledged or dropped.</summary>
    public Task WaitForDrainedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_lastSeq == _ackedSeq) return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            if (_persistedAck != _ackedSeq) PersistAck();
            Close();
        }
    }

    private void Close()
    {
        _disposed = true;
        CloseReader();
        _writer?.Dispose();
        _writer = null;
        _ackFile.Dispose();
        _lockFile.Dispose();
        _drained?.TrySetCanceled();
        _appended.Writer.TryComplete();
    }

    private void Recover()
    {
        lock (_lock)
        {
            _ackedSeq = ReadAck();
            _persistedAck = _ackedSeq;
            foreach (var path in Directory.EnumerateFiles(_options.Directory, "*.seg"))
            {
                if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var first))
                    _segments.Add(new Segment(first, path) { LastSeq = first - 1, Bytes = new FileInfo(path).Length });
            }

            _segments.Sort((a, b) => a.FirstSeq.CompareTo(b.FirstSeq));
            for (var i = 0; i < _segments.Count - 1; i++) _segments[i].LastSeq = _segments[i + 1].FirstSeq - 1;
            if (_segments.Count > 0)
            {
                ScanTail(_segments[^1]);
                _ackedSeq = Math.Max(_ackedSeq, _segments[0].FirstSeq - 1); // an unreadable ack file must not invent messages
            }

            _totalBytes = _segments.Sum(s => s.Bytes);
            _lastSeq = Math.Max(_ackedSeq, _segments.Count > 0 ? _segments[^1].LastSeq : 0);
            _readSeq = _ackedSeq;

            // Whole segments not written for longer than MaxAge hold only expired messages.
            var expireBefore = _time.GetUtcNow() - _options.MaxAge;
            while (_segments.Count > 1 && File.GetLastWriteTimeUtc(_segments[0].Path) < expireBefore.UtcDateTime)
                DropSegment(_segments[0], "older than MaxAge");

            DeleteAcknowledgedSegments(includeTail: true);
            EnforceSizeBound();
            if (_lastSeq > _ackedSeq)
                _logger.LogInformation("Outbox {Directory} recovered {PendingCount} unsent messages (sequence {FirstSequence}..{LastSequence})", _options.Directory, _lastSeq - _ackedSeq, _ackedSeq + 1, _lastSeq);
        }
    }

    private void ScanTail(Segment tail)
    {
        using var stream = new FileStream(tail.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 64 * 1024);
        long validEnd = 0;
        var expected = tail.FirstSeq;
        while (true)
        {
            var record = ReadRecord(stream, out var length);
            if (record is null || record.Sequence != expected) break;
            validEnd += length;
            tail.LastSeq = record.Sequence;
            expected++;
        }

        if (validEnd < stream.Length)
        {
            _logger.LogWarning("Outbox segment {Segment} ends with {TornBytes} bytes of a torn record (crash while writing); cut off", tail.Path, stream.Length - validEnd);
            stream.SetLength(validEnd);
            stream.Flush(true);
        }

        tail.Bytes = validEnd;
    }

    private FileStream WriterFor(long seq)
    {
        if (_writer is not null && _writerSegment!.Bytes < _segmentBytes) return _writer;

        _writer?.Dispose();
        _writer = null;
        var tail = _segments.Count > 0 ? _segments[^1] : null;
        if (tail is not null && tail.LastSeq == seq - 1 && tail.Bytes < _segmentBytes)
        {
            _writer = new FileStream(tail.Path, FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete, 1);
            _writer.Seek(0, SeekOrigin.End);
            _writerSegment = tail;
        }
        else
        {
            var segment = new Segment(seq, Path.Combine(_options.Directory, seq.ToString("D19", CultureInfo.InvariantCulture) + ".seg")) { LastSeq = seq - 1 };
            // bufferSize 1: every Write goes straight to the OS, so a crash right after Append keeps the record.
            _writer = new FileStream(segment.Path, FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete, 1);
            _segments.Add(segment);
            _writerSegment = segment;
            DeleteAcknowledgedSegments(includeTail: false);
        }

        return _writer;
    }

    private bool PositionReader(long want)
    {
        if (_reader is not null && _readerSegment!.FirstSeq <= want && want <= _readerSegment.LastSeq && _readerNextSeq <= want) return true;
        CloseReader();
        var segment = _segments.FirstOrDefault(s => s.LastSeq >= want && s.LastSeq >= s.FirstSeq);
        if (segment is null) return false;
        if (segment.FirstSeq > want) _readSeq = segment.FirstSeq - 1; // a dropped gap
        _reader = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        _readerSegment = segment;
        _readerNextSeq = segment.FirstSeq;
        return true;
    }

    private void CloseReader()
    {
        _reader?.Dispose();
        _reader = null;
        _readerSegment = null;
    }

    private static OutboxRecord? ReadRecord(Stream stream, out int length)
    {
        length = 0;
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes) return null;
        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(header);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (bodyLength < FixedBodyBytes || bodyLength > MaxRecordBytes) return null;
        var body = new byte[bodyLength];
        if (stream.ReadAtLeast(body, bodyLength, throwOnEndOfStream: false) < bodyLength) return null;
        if (Crc32.Compute(body) != crc) return null;
        var topicLength = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(16));
        if (FixedBodyBytes + topicLength > bodyLength) return null;
        length = HeaderBytes + bodyLength;
        return new OutboxRecord(
            BinaryPrimitives.ReadInt64LittleEndian(body),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(8))),
            Encoding.UTF8.GetString(body, FixedBodyBytes, topicLength),
            body.AsMemory(FixedBodyBytes + topicLength));
    }

    private void AfterAckAdvanced(bool forcePersist)
    {
        DeleteAcknowledgedSegments(includeTail: false);
        var drained = _ackedSeq >= _lastSeq;
        if (forcePersist || drained || _acksSincePersist >= AckPersistEvery || _time.GetElapsedTime(_lastPersistTimestamp) >= AckPersistInterval)
            PersistAck();
        if (drained && _drained is not null)
        {
            _drained.TrySetResult();
            _drained = null;
        }
    }

    private void EnforceSizeBound()
    {
        while (_totalBytes > _options.MaxBytes && _segments.Count > 1)
            DropSegment(_segments[0], $"outbox over {_options.MaxBytes} bytes");
    }

    private void DropSegment(Segment segment, string reason)
    {
        var lost = segment.LastSeq - Math.Max(_ackedSeq, segment.FirstSeq - 1);
        if (lost > 0)
        {
            _dropped += lost;
            _logger.LogWarning("Outbox dropped {DroppedCount} oldest unsent messages (sequence {FirstSequence}..{LastSequence}): {Reason}", lost, Math.Max(_ackedSeq + 1, segment.FirstSeq), segment.LastSeq, reason);
        }

        _ackedSeq = Math.Max(_ackedSeq, segment.LastSeq);
        if (_readSeq < _ackedSeq) _readSeq = _ackedSeq;
        RemoveSegment(segment);
        PersistAck();
    }

    private void DeleteAcknowledgedSegments(bool includeTail)
    {
        while (_segments.Count > 0 && _segments[0].LastSeq <= _ackedSeq && (includeTail || _segments[0] != _writerSegment) && (_segments.Count > 1 || includeTail))
            RemoveSegment(_segments[0]);
    }

    private void RemoveSegment(Segment segment)
    {
        if (_readerSegment == segment) CloseReader();
        if (_writerSegment == segment)
        {
            _writer?.Dispose();
            _writer = null;
            _writerSegment = null;
        }

        _segments.Remove(segment);
        _totalBytes -= segment.Bytes;
        File.Delete(segment.Path);
    }

    private long ReadAck()
    {
        Span<byte> buffer = stackalloc byte[16];
        _ackFile.Position = 0;
        if (_ackFile.ReadAtLeast(buffer, 16, throwOnEndOfStream: false) < 16) return 0;
        var seq = BinaryPrimitives.ReadInt64LittleEndian(buffer);
        var check = BinaryPrimitives.ReadInt64LittleEndian(buffer[8..]);
        if (check != ~seq)
        {
            _logger.LogWarning("Outbox ack file in {Directory} is unreadable; resending from the oldest segment (receivers dedupe by $.mid)", _options.Directory);
            return 0;
        }

        return seq;
    }

    private void PersistAck()
    {
        Span<byte> buffer = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, _ackedSeq);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[8..], ~_ackedSeq);
        _ackFile.Position = 0;
        _ackFile.Write(buffer);
        _ackFile.Flush(_options.FlushToDisk);
        _persistedAck = _ackedSeq;
        _acksSincePersist = 0;
        _lastPersistTimestamp = _time.GetTimestamp();
    }

    private sealed class Segment(long firstSeq, string path)
    {
        public long FirstSeq { get; } = firstSeq;
        public string Path { get; } = path;
        public long LastSeq { get; set; }
        public long Bytes { get; set; }
    }
}
