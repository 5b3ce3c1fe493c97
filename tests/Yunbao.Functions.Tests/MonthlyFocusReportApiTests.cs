using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yunbao.Application.Ports;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Storage;
using Yunbao.Domain.Citizens;
using Yunbao.Domain.Incidents;
using Yunbao.Functions.Http;
using Yunbao.Functions.Triggers;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>每月一题 end to end: citizen and patrol incidents in Cosmos, the route and the timer, the blobs in Azurite.</summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class MonthlyFocusReportApiTests(LocalStackFixture fixture)
{
    private static readonly GeoPoint Spot = new(116.3071, 39.8633);

    [Fact]
    public async Task The_route_computes_a_month_and_writes_its_json_and_csv_blobs()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var frame = await host.UploadFrameAsync(Spot, FunctionsTestHost.Now.AddMinutes(-5), ("bin", "garbage-overflow"));
        await host.Function<DetectFrame>().Run(FunctionsTestHost.AsRuntimeDelivers(frame), CancellationToken.None);
        await AddCitizenAsync(host, "r1", FunctionsTestHost.Now);
        await AddCitizenAsync(host, "r2", FunctionsTestHost.Now.AddDays(-30));   // 26 October: last month

        // refresh: the storage account is shared by the tests, so a stored 2026-11 may be another test's.
        var req = HttpCall.Request(host.Services, "GET", "/api/reports/monthly/2026-11?refresh=true", headers: HttpCall.As("dispatcher-1", Roles.Dispatcher));
        var answer = await HttpCall.ExecuteAsync(req, host.Function<MonthlyFocusReportApi>().Get(req, "2026-11", CancellationToken.None));
        Assert.Equal(200, answer.Status);
        var totals = answer.Json.GetProperty("totals");
        Assert.Equal(2, totals.GetProperty("total").GetInt32());
        Assert.Equal(1, totals.GetProperty("bySource").GetProperty("citizen").GetInt32());
        Assert.Equal(1, totals.GetProperty("bySource").GetProperty("patrol_vehicle").GetInt32());
        Assert.Equal(1, totals.GetProperty("previousTotal").GetInt32());
        Assert.Equal("garbage-overflow", answer.Json.GetProperty("focus").GetProperty("categoryCode").GetString());
        Assert.True(answer.Json.GetProperty("simulated").GetBoolean());

        var container = fixture.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer);
        var json = (await container.GetBlobClient("2026-11.json").DownloadContentAsync()).Value;
        Assert.Equal("application/json; charset=utf-8", json.Details.ContentType);
        Assert.Equal(2, JsonDocument.Parse(json.Content.ToString()).RootElement.GetProperty("totals").GetProperty("total").GetInt32());
        var csv = (await container.GetBlobClient("2026-11.csv").DownloadContentAsync()).Value.Content.ToString();
        Assert.StartsWith("month,category_code,street_id,total", csv);
        Assert.Contains("2026-11,*,*,2,1,", csv);

        var bad = HttpCall.Request(host.Services, "GET", "/api/reports/monthly/november", headers: HttpCall.As("dispatcher-1", Roles.Dispatcher));
        Assert.Equal(400, (await HttpCall.ExecuteAsync(bad, host.Function<MonthlyFocusReportApi>().Get(bad, "november", CancellationToken.None))).Status);
        var steward = HttpCall.Request(host.Services, "GET", "/api/reports/monthly/2026-11", headers: HttpCall.As("steward-a", Roles.Steward));
        Assert.Equal(403, (await HttpCall.ExecuteAsync(steward, host.Function<MonthlyFocusReportApi>().Get(steward, "2026-11", CancellationToken.None))).Status);
    }

    [Fact]
    public async Task The_timer_on_the_first_reports_the_month_that_just_ended_and_follows_up_its_focus()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await AddCitizenAsync(host, "oct-1", FunctionsTestHost.Now.AddDays(-30));
        await AddCitizenAsync(host, "oct-2", FunctionsTestHost.Now.AddDays(-29));
        await AddCitizenAsync(host, "nov-1", FunctionsTestHost.Now);
        var october = HttpCall.Request(host.Services, "GET", "/api/reports/monthly/2026-10?refresh=true", headers: HttpCall.As("ops-1", Roles.Operator));
        Assert.Equal(200, (await HttpCall.ExecuteAsync(october, host.Function<MonthlyFocusReportApi>().Get(october, "2026-10", CancellationToken.None))).Status);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.Zero));
        await host.Function<MonthlyFocusReportApi>().Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);

        var container = fixture.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer);
        var octoberReport = JsonDocument.Parse((await container.GetBlobClient("2026-10.json").DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.Equal(2, octoberReport.GetProperty("focus").GetProperty("citizenCount").GetInt32());
        var november = JsonDocument.Parse((await container.GetBlobClient("2026-11.json").DownloadContentAsync()).Value.Content.ToString()).RootElement;
        var followUp = november.GetProperty("previousFocus");
        Assert.Equal("2026-10", followUp.GetProperty("month").GetString());
        Assert.Equal(2, followUp.GetProperty("citizenCountThen").GetInt32());
        Assert.Equal(1, followUp.GetProperty("citizenCountNow").GetInt32());
        Assert.True(followUp.GetProperty("fell").GetBoolean());
    }

    private static Task<bool> AddCitizenAsync(FunctionsTestHost host, string key, DateTimeOffset at) =>
        host.Services.GetRequiredService<IIncidentRepository>().TryAddAsync(new Incident
        {
            Id = IncidentId.ForCitizenReport(key), DistrictId = "lize", CategoryCode = "garbage-overflow", Source = Yunbao.Contracts.Frames.EventSource.Citizen,
            Location = Spot, ObservedAt = at, Provider = "open311:test", Simulated = true,
            Citizen = new CitizenReport { ClientId = "test" },
        }, CancellationToken.None);
}
