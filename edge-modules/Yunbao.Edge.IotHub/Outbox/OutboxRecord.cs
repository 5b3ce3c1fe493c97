using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Yunbao.Edge.IotHub;

/// <summary>One message waiting in the outbox: the MQTT topic (with its property bag) and the body.</summary>
public sealed record OutboxRecord(long Sequence, DateTimeOffset EnqueuedAt, string Topic, ReadOnlyMemory<byte> Payload);
