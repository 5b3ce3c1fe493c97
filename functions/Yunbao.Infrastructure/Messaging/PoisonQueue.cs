using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts;

namespace Yunbao.Infrastructure.Messaging;

/// <summary>
/// Puts a message that can never succeed on `{queue}-poison` with the reason, so bad input loses nothing and says why.
/// The text is Base64 like the Functions runtime's own poison messages, so one reader handles both.
/// </summary>
public sealed class PoisonQueue(QueueServiceClient queues, TimeProvider clock, ILogger<PoisonQueue> logger)
{
    public const string Suffix = Contracts.Storage.StorageNames.PoisonSuffix;
    /// <summary>A Storage queue message holds 64 KB of Base64 text, 48 KB of JSON: an original longer than this is cut.</summary>
    public const int MaxOriginalChars = 32 * 1024;
    public const int MaxReasonChars = 4 * 1024;
    /// <summary>What one Storage queue message can hold (64 KB of Base64 text).</summary>
    private const int MaxQueueMessageChars = 64 * 1024;
    private readonly ConcurrentDictionary<string, Task> _created = new();

    public async Task SendAsync(string queueName, string originalMessage, string reason, CancellationToken ct)
    {
        var poisonName = queueName + Suffix;
        var poison = queues.GetQueueClient(poisonName);
        await _created.GetOrAdd(poisonName, _ => poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));

        // An oversize message (refused for its size, say) must still be parked: keep its head and say how long it was.
        if (reason.Length > MaxReasonChars) reason = reason[..MaxReasonChars] + "…";
        // JSON escaping can make a short original long (a quote is six characters): cut further until the message fits.
        var keep = Math.Min(originalMessage.Length, MaxOriginalChars);
        string encoded;
        while (true)
        {
            var message = new PoisonMessage(reason, queueName, clock.GetUtcNow(), originalMessage[..keep], keep < originalMessage.Length, originalMessage.Length);
            encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, YunbaoJson.Options)));
            if (encoded.Length <= MaxQueueMessageChars || keep == 0) break;
            keep /= 2;
        }
        await poison.SendMessageAsync(encoded, ct);
        logger.LogWarning("Message from {Queue} moved to {PoisonQueue}: {Reason}", queueName, poisonName, reason);
    }

    /// <summary>Reads a poison message written by <see cref="SendAsync"/> (Base64 or plain JSON).</summary>
    public static PoisonMessage Parse(string text)
    {
        var trimmed = text.Trim();
        var json = trimmed.StartsWith('{') ? trimmed : Encoding.UTF8.GetString(Convert.FromBase64String(trimmed));
        return JsonSerializer.Deserialize<PoisonMessage>(json, YunbaoJson.Options) ?? throw new JsonException("empty poison message");
    }

}
