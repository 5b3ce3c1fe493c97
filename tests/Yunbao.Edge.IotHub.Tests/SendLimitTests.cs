using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

public sealed class SendLimitTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory("limit");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_message_over_256_KB_is_refused_before_it_reaches_the_outbox()
    {
        await using var client = TestDevices.Client(TestDevices.Device("d1"), TestDevices.LocalOptions(1, _dir));
        var fits = new DeviceMessage { Type = "sensor", Body = new byte[256 * 1024 - 200], MessageId = "m" };
        var tooBig = fits with { Properties = new Dictionary<string, string> { ["note"] = new string('x', 200) } };

        await client.SendEventAsync(fits);
        var ex = await Assert.ThrowsAsync<MessageTooLargeException>(() => client.SendEventAsync(tooBig));

        Assert.Equal(262144, ex.Limit);
        Assert.True(ex.Size > ex.Limit);
        Assert.Contains("256", ex.Message + ex.Limit);
        Assert.Equal(1, client.PendingMessages);
    }
}
