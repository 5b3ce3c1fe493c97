using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Yunbao.DevHost;
using Microsoft.Extensions.DependencyInjection;
using Yunbao.LocalStack;

namespace Yunbao.DevHost.Tests;

/// <summary>
/// The runner is supervised: killing the Cosmos stand-in is detected, /api/health answers 503 naming cosmos, the stand-in
/// is restarted on its port and re-provisioned, and health returns to 200 with the notice that its in-memory data was lost.
/// </summary>
public sealed class StandInSupervisionTests
{
    [Fact]
    public async Task Killed_Cosmos_stand_in_is_reported_restarted_and_health_recovers_with_the_data_loss_notice()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var options = new DevHostOptions
        {
            Hours = 0.1, Port = 0, Interactive = false, Direct = true, ConfigureFleet = DevHostFleet.Small,
            LogDirectory = Path.Combine(Path.GetTempPath(), "yunbao-devhost-tests"),
        };
        await using var run = await DevHostRun.StartAsync(options, _ => { }, ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        async Task<(HttpStatusCode Status, JsonElement Json, string? ContentType)> HealthAsync()
        {
            using var response = await http.GetAsync($"{run.ApiBaseUrl}/health", ct);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
            return (response.StatusCode, json, response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.OK, (await HealthAsync()).Status);

        var pid = run.StandIns.ProcessIdOf(LocalStandIns.CosmosName) ?? throw new InvalidOperationException("cosmos not running");
        using (var process = Process.GetProcessById(pid)) process.Kill(entireProcessTree: true);

        // Down first: 503 problem+json naming cosmos (detected by the health checks and the supervisor).
        var watch = Stopwatch.StartNew();
        var sawDown = false;
        while (!sawDown)
        {
            var (status, json, contentType) = await HealthAsync();
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal("application/problem+json", contentType);
                var failing = json.GetProperty("failing").EnumerateArray().Select(e => e.GetString()).ToList();
                if (failing.Contains("cosmos") || failing.Contains("stand-ins")) sawDown = true;
                Assert.Contains("cosmos", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
            else if (run.StandIns.Status.Single(s => s.Name == LocalStandIns.CosmosName).Restarts > 0 && status == HttpStatusCode.OK)
                break;   // restarted before a probe saw it down: still proven below by the notice
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");

        // Then restarted on the same port and re-provisioned: 200 with the data-loss notice.
        JsonElement healthy;
        while (true)
        {
            var (status, json, _) = await HealthAsync();
            if (status == HttpStatusCode.OK) { healthy = json; break; }
        }
        Assert.Equal(1, run.StandIns.Status.Single(s => s.Name == LocalStandIns.CosmosName).Restarts);
        var notices = healthy.GetProperty("notices").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(notices, n => n.Contains("cosmosdb-server", StringComparison.Ordinal) && n.Contains("LOST", StringComparison.Ordinal));
        Assert.Contains(run.DataLossNotices, n => n.Contains("COSMOS DATA WAS LOST", StringComparison.Ordinal));
        Assert.Equal(10, (await run.Services.GetRequiredService<Yunbao.Application.Ports.IStewardRepository>().ListAsync(run.DistrictId, ct)).Count);
    }
}
