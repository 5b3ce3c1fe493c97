using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Yunbao.Contracts.Frames;
using Yunbao.DevHost;

namespace Yunbao.DevHost.Tests;

/// <summary>The simulated citizens post through the real Open311 route of the running local API (Kestrel routing included).</summary>
public sealed class CitizenSimulationTests
{
    [Fact]
    public async Task Simulated_citizens_report_through_the_open311_post_and_their_requests_are_labelled_simulated()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var options = new DevHostOptions
        {
            Hours = 0.1, Port = 0, Interactive = false, Direct = true, ConfigureFleet = DevHostFleet.Small,
            Start = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero),
            LogDirectory = Path.Combine(Path.GetTempPath(), "yunbao-devhost-tests"),
        };
        await using var run = await DevHostRun.StartAsync(options, _ => { }, ct);
        run.Fleet!.Simulator.World.AdvanceTo(options.Start!.Value.AddHours(3));
        Assert.NotEmpty(run.Fleet.Simulator.World.Active);
        for (var i = 0; i < 8; i++) await run.CitizenSimulation!.StepAsync(ct, always: true);
        Assert.True(run.CitizenSimulation!.Posted >= 8, $"posted {run.CitizenSimulation.Posted}");
        Assert.Equal(0, run.CitizenSimulation.Refused);

        using var http = new HttpClient { BaseAddress = new Uri(run.ApiBaseUrl + "/") };
        var requests = JsonDocument.Parse(await http.GetStringAsync("open311/v2/requests.json", ct)).RootElement;
        Assert.Equal(8, requests.GetArrayLength());   // hotline retries are the same request
        Assert.All(requests.EnumerateArray(), r => Assert.True(r.GetProperty("simulated").GetBoolean()));
        var incidents = await run.AllIncidentsAsync(ct);
        Assert.Equal(8, incidents.Count(i => i.Source == EventSource.Citizen && i.Simulated));

        var services = XDocument.Parse(await http.GetStringAsync("open311/v2/services.xml", ct)).Root!;
        Assert.Equal(14, services.Elements("service").Count());
        var id = requests[0].GetProperty("service_request_id").GetString();
        var one = XDocument.Parse(await http.GetStringAsync($"open311/v2/requests/{id}.xml", ct)).Root!;
        Assert.Equal(id, one.Element("request")!.Element("service_request_id")!.Value);
        using var unknown = await http.PostAsync("open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string> { ["api_key"] = "nope", ["service_code"] = "waterlogging" }), ct);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
    }
}
