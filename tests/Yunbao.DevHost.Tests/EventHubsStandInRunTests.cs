using Yunbao.DevHost;
using Yunbao.EventHubsStandIn;

namespace Yunbao.DevHost.Tests;

/// <summary>The local runner starts the Event Hubs stand-in and says so where users look: /api/health.</summary>
public sealed class EventHubsStandInRunTests
{
    [Fact]
    public async Task Health_lists_the_Event_Hubs_stand_in_with_its_label()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var options = new DevHostOptions
        {
            Hours = 0.01, Port = 0, Interactive = false, Direct = true, ConfigureFleet = DevHostFleet.Small,
            LogDirectory = Path.Combine(Path.GetTempPath(), "yunbao-devhost-tests"),
        };
        var lines = new List<string>();
        await using var run = await DevHostRun.StartAsync(options, lines.Add, timeout.Token);
        using var http = new HttpClient();

        var health = await http.GetStringAsync(new Uri(run.ApiBaseUrl + "/health"), timeout.Token);

        Assert.Contains(EventHubsStandInLabel.Text, health, StringComparison.Ordinal);
        Assert.Contains("event-hubs", health, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith(EventHubsStandInLabel.Text, StringComparison.Ordinal));
        Assert.Equal(["ops-events", "telemetry"], run.EventHubs!.HubNames.Order());
    }
}
