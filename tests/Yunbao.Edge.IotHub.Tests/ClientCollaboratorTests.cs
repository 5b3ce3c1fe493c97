using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>The client's small collaborators on their own.</summary>
public sealed class ClientCollaboratorTests
{
    [Fact]
    public void Backoff_doubles_from_the_minimum_with_jitter_and_stops_at_the_maximum()
    {
        var min = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromMinutes(2);
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(RetryBackoff.Delay(1, min, max, random), TimeSpan.FromMilliseconds(500), min);
            Assert.InRange(RetryBackoff.Delay(4, min, max, random), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8));
            Assert.InRange(RetryBackoff.Delay(30, min, max, random), TimeSpan.FromMinutes(1), max);
        }

        // Jitter: a fleet reconnecting together spreads out.
        Assert.True(Enumerable.Range(0, 50).Select(_ => RetryBackoff.Delay(3, min, max, random)).Distinct().Count() > 40);
    }

    [Fact]
    public async Task Background_work_that_fails_is_logged_and_dispose_waits_for_the_rest()
    {
        var logs = new CollectingLogger();
        var background = new BackgroundTasks(logs);
        var release = new TaskCompletionSource();
        background.Track(Task.FromException(new InvalidOperationException("subscribe refused")), "subscribe devices/d/messages/devicebound/#");
        background.Track(release.Task, "method reboot (1)");

        var drained = background.WhenAllAsync(TimeSpan.FromSeconds(10));
        Assert.False(drained.IsCompleted);
        release.SetResult();
        await drained;

        Assert.Equal(0, background.Count);
        lock (logs.Warnings) Assert.Contains(logs.Warnings, w => w.Contains("subscribe devices/d/messages/devicebound/#") && w.Contains("failed"));
    }
}
