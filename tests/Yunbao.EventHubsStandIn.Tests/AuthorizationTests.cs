using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;

namespace Yunbao.EventHubsStandIn.Tests;

public sealed class AuthorizationTests
{
    [Fact]
    public async Task Client_with_the_configured_key_sends_and_reads()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using var producer = StandInFactory.Producer(standIn);
        await using var consumer = StandInFactory.Consumer(standIn);

        await producer.SendAsync([new EventData("hello")], new Azure.Messaging.EventHubs.Producer.SendEventOptions { PartitionId = "1" });
        var read = await StandInFactory.ReadAsync(consumer, "1", EventPosition.Earliest, 1);

        Assert.Equal("hello", read[0].EventBody.ToString());
        Assert.Equal(1, standIn.Stats.EventsReceived);
        Assert.True(standIn.Stats.TokensAccepted >= 2);
    }

    [Fact]
    public async Task Key_the_stand_in_does_not_know_is_refused_as_unauthorized()
    {
        await using var standIn = await StandInFactory.StartAsync();
        var wrong = standIn.ConnectionString(StandInFactory.Hub).Replace(StandInFactory.Key, StandInFactory.OtherKey, StringComparison.Ordinal);
        await using var producer = StandInFactory.Producer(standIn, wrong);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => producer.SendAsync([new EventData("x")]));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => producer.GetEventHubPropertiesAsync());
        Assert.Equal(0, standIn.Stats.EventsReceived);
        Assert.True(standIn.Stats.TokensRefused >= 1);
    }

    [Fact]
    public async Task Expired_token_is_refused_as_unauthorized()
    {
        await using var standIn = await StandInFactory.StartAsync();
        var token = Token($"sb://127.0.0.1:{standIn.Port}/{StandInFactory.Hub}", StandInFactory.Key, DateTimeOffset.UtcNow.AddMinutes(-1));
        await using var producer = StandInFactory.Producer(standIn, SasConnectionString(standIn, token));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => producer.SendAsync([new EventData("x")]));
        Assert.Equal(0, standIn.Stats.EventsReceived);
    }

    [Fact]
    public async Task Unexpired_token_signed_with_the_key_is_accepted()
    {
        await using var standIn = await StandInFactory.StartAsync();
        var token = Token($"sb://127.0.0.1:{standIn.Port}/{StandInFactory.Hub}", StandInFactory.Key, DateTimeOffset.UtcNow.AddMinutes(5));
        await using var producer = StandInFactory.Producer(standIn, SasConnectionString(standIn, token));

        await producer.SendAsync([new EventData("x")]);

        Assert.Equal(1, standIn.Stats.EventsReceived);
    }

    private static string SasConnectionString(EventHubsStandIn standIn, string token) =>
        $"Endpoint=sb://127.0.0.1:{standIn.Port};SharedAccessSignature={token};EntityPath={StandInFactory.Hub};UseDevelopmentEmulator=true";

    /// <summary>A SAS token built by hand, as Azure documents it, so the test can choose its expiry.</summary>
    private static string Token(string resource, string key, DateTimeOffset expiry)
    {
        var sr = WebUtility.UrlEncode(resource);
        var se = expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sig = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(sr + "\n" + se)));
        return $"SharedAccessSignature sr={sr}&sig={WebUtility.UrlEncode(sig)}&se={se}&skn={StandInFactory.KeyName}";
    }
}
