using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace Yunbao.Infrastructure.Messaging;

/// <summary>What lands on a `{queue}-poison` queue: the message untouched, plus why it could not be processed.</summary>
public sealed record PoisonMessage(string Reason, string Queue, DateTimeOffset ReceivedAt, string OriginalMessage);
