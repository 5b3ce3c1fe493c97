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
}
