using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace Yunbao.Infrastructure.Messaging;

/// <summary>
/// What lands on a `{queue}-poison` queue: the message untouched, plus why it could not be processed. A message too big
/// for a queue message (64 KB) keeps only its first <see cref="PoisonQueue.MaxOriginalChars"/> characters, with
/// <see cref="OriginalLength"/> saying how long it was.
/// </summary>
public sealed record PoisonMessage(string Reason, string Queue, DateTimeOffset ReceivedAt, string OriginalMessage, bool Truncated = false, int OriginalLength = 0);
