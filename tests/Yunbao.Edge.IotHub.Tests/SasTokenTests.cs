using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

public sealed class SasTokenTests
{
    // 32 bytes 0x00..0x1F; the expected tokens below were computed outside .NET (Python hmac + urllib.parse.quote_plus).
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    [Fact]
    public void Device_token_matches_a_fixed_vector()
    {
        var token = SharedAccessSignature.Create(Key, "yunbao-hub.azure-devices.net/devices/patrol-car-01", Expiry);

        Assert.Equal(
            "SharedAccessSignature sr=yunbao-hub.azure-devices.net%2Fdevices%2Fpatrol-car-01&sig=jDat%2FvDuBvTZR2tO1WS50IqpUkcp7TDdoqUPH0JkZaA%3D&se=1767225600",
            token.Value);
        Assert.Equal(Expiry, token.ExpiresOn);
    }

    [Fact]
    public void Module_token_matches_a_fixed_vector()
    {
        var resource = SharedAccessSignature.ResourceUri("yunbao-hub.azure-devices.net", "edge-gw-01", "patrolCamera");
        var token = SharedAccessSignature.Create(Key, resource, Expiry);

        Assert.Equal("yunbao-hub.azure-devices.net/devices/edge-gw-01/modules/patrolCamera", resource);
        Assert.Equal(
            "SharedAccessSignature sr=yunbao-hub.azure-devices.net%2Fdevices%2Fedge-gw-01%2Fmodules%2FpatrolCamera&sig=0JZJSH8dDBkoN76Y51VjjyM%2FeYQZHZDS560Ra4ZTVzY%3D&se=1767225600",
            token.Value);
    }

    [Fact]
    public async Task Token_equals_the_documented_algorithm_computed_independently()
    {
        // "Control access to IoT Hub with SAS": sig = Base64(HMACSHA256(Base64Decode(key), UrlEncode(resourceUri) + "\n" + expiry)).
        const string resource = "yunbao-hub.azure-devices.net/devices/fixed cam #7";
        var expiry = 1900000000L;
        var stringToSign = WebUtility.UrlEncode(resource) + "\n" + expiry;
        using var hmac = new HMACSHA256(Convert.FromBase64String(Key));
        var signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
        var expected = $"SharedAccessSignature sr={WebUtility.UrlEncode(resource)}&sig={WebUtility.UrlEncode(signature)}&se={expiry}";

        var token = await SharedAccessSignature.CreateAsync(new SharedAccessKeySigner(Key), resource, DateTimeOffset.FromUnixTimeSeconds(expiry));

        Assert.Equal(expected, token.Value);
        Assert.DoesNotContain("skn=", token.Value);
    }

    [Fact]
    public void Policy_key_adds_skn_and_device_key_does_not()
    {
        var withPolicy = SharedAccessSignature.Create(Key, "hub.azure-devices.net", Expiry, keyName: "iothubowner");
        Assert.EndsWith("&skn=iothubowner", withPolicy.Value);
    }

    [Fact]
    public void Validate_accepts_a_good_token_and_rejects_tampered_expired_or_foreign_ones()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1767225000);
        const string resource = "hub.azure-devices.net/devices/d1";
        var token = SharedAccessSignature.Create(Key, resource, Expiry).Value;

        Assert.True(SharedAccessSignature.Validate(token, resource, Key, now, out var error), error);
        Assert.False(SharedAccessSignature.Validate(token, resource, Key, Expiry.AddSeconds(1), out error));
        Assert.Equal("token expired", error);
        Assert.False(SharedAccessSignature.Validate(token, "hub.azure-devices.net/devices/d2", Key, now, out _));
        Assert.False(SharedAccessSignature.Validate(token.Replace("se=1767225600", "se=1767229999"), resource, Key, now, out error));
        Assert.Equal("signature mismatch", error);
        Assert.False(SharedAccessSignature.Validate("Bearer abc", resource, Key, now, out _));
    }

    [Fact]
    public async Task Provider_reuses_the_token_until_80_percent_of_its_lifetime_then_signs_a_new_one()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T08:00:00Z"));
        using var provider = new SasTokenProvider(new SharedAccessKeySigner(Key), "hub.azure-devices.net/devices/d1", TimeSpan.FromHours(1), 0.8, time);

        var first = await provider.GetTokenAsync(false, default);
        Assert.Equal(time.GetUtcNow().AddHours(1), first.ExpiresOn);
        Assert.Equal(time.GetUtcNow().AddMinutes(48), provider.RenewAt);

        time.Advance(TimeSpan.FromMinutes(47));
        Assert.Same(first, await provider.GetTokenAsync(false, default));

        time.Advance(TimeSpan.FromMinutes(2));
        var second = await provider.GetTokenAsync(false, default);
        Assert.NotEqual(first.Value, second.Value);
        Assert.Equal(time.GetUtcNow().AddHours(1), second.ExpiresOn);
        Assert.True(second.ExpiresOn > first.ExpiresOn);
    }
}
