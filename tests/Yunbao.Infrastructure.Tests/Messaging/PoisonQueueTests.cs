using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Infrastructure.Messaging;
using Yunbao.Testing;

namespace Yunbao.Infrastructure.Tests.Messaging;

[Collection(LocalStackFixture.CollectionName)]
public sealed class PoisonQueueTests(LocalStackFixture fx)
{
    [Fact]
    public async Task Poison_message_keeps_the_original_and_the_reason_on_the_poison_queue()
    {
        var queueName = UniqueNames.Next("frame-events");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        var poison = new PoisonQueue(fx.Queues, clock, NullLogger<PoisonQueue>.Instance);

        await poison.SendAsync(queueName, "garbage-message", "Unusable Event Grid message: message is empty.", CancellationToken.None);

        var received = await fx.Queues.GetQueueClient(queueName + "-poison").ReceiveMessageAsync();
        var text = received.Value.MessageText;
        Assert.DoesNotContain("{", text); // Base64 like the runtime's own poison messages
        var message = PoisonQueue.Parse(text);
        Assert.Equal("garbage-message", message.OriginalMessage);
        Assert.Equal(queueName, message.Queue);
        Assert.Equal(clock.GetUtcNow(), message.ReceivedAt);
        Assert.Contains("message is empty", message.Reason);
    }

    [Fact]
    public async Task An_original_too_big_for_a_queue_message_is_parked_cut_with_its_length()
    {
        var queueName = UniqueNames.Next("telemetry");
        var poison = new PoisonQueue(fx.Queues, TimeProvider.System, NullLogger<PoisonQueue>.Instance);
        var huge = new string('x', 400 * 1024);

        await poison.SendAsync(queueName, huge, "telemetry body is too big", CancellationToken.None);

        var message = PoisonQueue.Parse((await fx.Queues.GetQueueClient(queueName + "-poison").ReceiveMessageAsync()).Value.MessageText);
        Assert.True(message.Truncated);
        Assert.Equal(huge.Length, message.OriginalLength);
        Assert.Equal(PoisonQueue.MaxOriginalChars, message.OriginalMessage.Length);
        Assert.Equal("telemetry body is too big", message.Reason);
    }

    [Fact]
    public async Task An_original_that_JSON_escaping_makes_too_big_is_cut_further_and_still_parked()
    {
        // Found by the fault campaign's fuzzer: 32 K characters of quotes escape to six times as much.
        var queueName = UniqueNames.Next("telemetry");
        var poison = new PoisonQueue(fx.Queues, TimeProvider.System, NullLogger<PoisonQueue>.Instance);
        var quotes = string.Concat(Enumerable.Repeat("\"e\",", 20_000));

        await poison.SendAsync(queueName, quotes, "body too big", CancellationToken.None);

        var message = PoisonQueue.Parse((await fx.Queues.GetQueueClient(queueName + "-poison").ReceiveMessageAsync()).Value.MessageText);
        Assert.True(message.Truncated);
        Assert.Equal(quotes.Length, message.OriginalLength);
        Assert.StartsWith(message.OriginalMessage, quotes, StringComparison.Ordinal);
        Assert.InRange(message.OriginalMessage.Length, 1_000, PoisonQueue.MaxOriginalChars - 1);
    }
}
