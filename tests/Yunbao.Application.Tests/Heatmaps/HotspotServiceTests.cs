using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Incidents;

namespace Yunbao.Application.Tests.Heatmaps;

public sealed class HotspotServiceTests
{
    [Fact]
    public async Task Hotspots_of_a_layer_and_window_come_from_the_matching_incidents()
    {
        var now = new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);
        var repo = new InMemoryIncidentRepository();
        var rng = new Random(3);
        var cluster = new GeoPoint(116.3161, 39.8688);
        Incident Make(int i, string category, GeoPoint at, TimeSpan age) => new()
        {
            Id = $"i{i}", DistrictId = "lize", CategoryCode = category, Source = EventSource.PatrolVehicle,
            Location = at, ObservedAt = now - age,
        };
        var i = 0;
        for (; i < 200; i++)
            repo.Add(Make(i, "illegal-parking", new(116.295 + rng.NextDouble() * 0.03, 39.855 + rng.NextDouble() * 0.02), TimeSpan.FromHours(rng.Next(1, 160))));
        // A recent laundry cluster, and an old one elsewhere that the 7-day window must not see.
        for (var k = 0; k < 25; k++, i++)
            repo.Add(Make(i, "street-laundry", new(cluster.Lon + rng.NextDouble() * 0.0005, cluster.Lat + rng.NextDouble() * 0.0004), TimeSpan.FromDays(2)));
        for (var k = 0; k < 25; k++, i++)
            repo.Add(Make(i, "street-laundry", new(116.2990, 39.8580), TimeSpan.FromDays(20)));
        var catalog = new CategoryCatalog(
        [
            Cat("illegal-parking"), Cat("street-laundry"),
        ]);
        var service = new HotspotService(repo, catalog,
            Options.Create(new DistrictOptions()),
            new FakeTimeProvider(now));

        var result = await service.AnalyzeAsync(new() { DistrictId = "lize", Layer = "street-laundry", Window = "7d", CellSizeMeters = 100 }, default);

        Assert.Equal(25, result.Points);
        Assert.True(result.Hotspots.First().Center.DistanceTo(cluster) < 220);
        Assert.DoesNotContain(result.Hotspots, h => h.Center.DistanceTo(new(116.2990, 39.8580)) < 300);
        await Assert.ThrowsAsync<ArgumentException>(() => service.AnalyzeAsync(new() { DistrictId = "lize", Window = "1y" }, default));
        await Assert.ThrowsAsync<ArgumentException>(() => service.AnalyzeAsync(new() { DistrictId = "lize", Layer = "nope" }, default));
    }

    private static ViolationCategory Cat(string code) => new()
    {
        Code = code, NameZh = code, NameEn = code, DefaultSeverity = Severity.Medium, DispatchSlaMinutes = 30,
        ResolveSlaMinutes = 60, DedupeRadiusMeters = 30, DedupeWindowMinutes = 60, EvidenceLabels = [code], Zones = [ZoneType.Other],
    };
}
