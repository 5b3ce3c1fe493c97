using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Sasl;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;

namespace Yunbao.EventHubsStandIn.Tests;

public sealed class SizeLimitTests
{
    [Fact]
    public async Task Official_client_learns_the_1_MB_limit_and_refuses_a_bigger_event()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var producer = StandInFactory.Producer(standIn);
        var big = new EventData(new byte[1024 * 1024 + 1]);

        using var batch = await producer.CreateBatchAsync();
        Assert.Equal(1024 * 1024, batch.MaximumSizeInBytes);
        Assert.False(batch.TryAdd(big));
        var ex = await Assert.ThrowsAsync<EventHubsException>(() => producer.SendAsync([big]));
        Assert.Equal(EventHubsException.FailureReason.MessageSizeExceeded, ex.Reason);
        Assert.Equal(0, standIn.Stats.EventsReceived);
    }

    [Fact]
    public async Task Event_just_under_the_limit_is_accepted()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var producer = StandInFactory.Producer(standIn);

        await producer.SendAsync([new EventData(new byte[1000 * 1000])]);

        Assert.Equal(1, standIn.Stats.EventsReceived);
    }

    /// <summary>A client that ignores the advertised limit (AMQPNetLite's sender does not check it) is refused by the stand-in itself.</summary>
    [Fact]
    public async Task Stand_in_rejects_an_oversize_transfer_with_message_size_exceeded()
    {
        await using var standIn = await StandInFactory.StartAsync();
        var factory = new ConnectionFactory();
        factory.SASL.Profile = SaslProfile.Anonymous;
        var connection = await factory.CreateAsync(new Address($"amqp://127.0.0.1:{standIn.Port}"));
        try
        {
            var session = new Session(connection);
            await PutTokenAsync(session, $"sb://127.0.0.1:{standIn.Port}/{StandInFactory.Hub}");
            var sender = new SenderLink(session, "big-sender", $"{StandInFactory.Hub}/Partitions/0");

            var ex = await Assert.ThrowsAsync<AmqpException>(() => sender.SendAsync(new Message { BodySection = new Data { Binary = new byte[1024 * 1024 + 10] } }));

            Assert.Equal("amqp:link:message-size-exceeded", ex.Error.Condition.ToString());
            Assert.Equal(1, standIn.Stats.OversizeRefused);
            Assert.True(standIn.Partitions(StandInFactory.Hub)[0].IsEmpty);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task PutTokenAsync(Session session, string audience)
    {
        var sr = WebUtility.UrlEncode(audience);
        var se = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sig = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(StandInFactory.Key), Encoding.UTF8.GetBytes(sr + "\n" + se)));
        var token = $"SharedAccessSignature sr={sr}&sig={WebUtility.UrlEncode(sig)}&se={se}&skn={StandInFactory.KeyName}";
        var cbsSender = new SenderLink(session, "cbs-sender", "$cbs");
        // The reply-to address names the receiver link's target.
        var replies = new ReceiverLink(session, "cbs-replies", new Attach { Source = new Source { Address = "$cbs" }, Target = new Target { Address = "cbs-replies" } }, null);
        var request = new Message(token)
        {
            Properties = new Properties { MessageId = "1", ReplyTo = "cbs-replies" },
            ApplicationProperties = new ApplicationProperties(),
        };
        request.ApplicationProperties["operation"] = "put-token";
        request.ApplicationProperties["type"] = "servicebus.windows.net:sastoken";
        request.ApplicationProperties["name"] = audience;
        replies.SetCredit(5);
        await cbsSender.SendAsync(request);
        var response = await replies.ReceiveAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(202, response.ApplicationProperties["status-code"]);
        replies.Accept(response);
    }
}
