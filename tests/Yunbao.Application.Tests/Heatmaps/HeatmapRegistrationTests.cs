using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Yunbao.Application;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Heatmaps;
using Yunbao.Infrastructure.Imaging;

namespace Yunbao.Application.Tests.Heatmaps;

public sealed class HeatmapRegistrationTests
{
    [Fact]
    public async Task AddYunbaoHeatmaps_wires_the_rollup_to_the_hosts_ports_options_and_clock()
    {
        var store = new InMemoryHeatmapStore();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IIncidentRepository>(new InMemoryIncidentRepository())
            .AddSingleton<IHeatmapStore>(store)
            .AddSingleton(new CategoryCatalog([]))
            .AddYunbaoImaging()
            .AddYunbaoHeatmaps()
            .Configure<HeatmapOptions>(o => { o.TileBaseUrl = "https://tiles.example/heat"; o.MinZoom = 13; })
            .Configure<DistrictOptions>(o => o.Name = "Test district");
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<SkiaPngEncoder>(provider.GetRequiredService<IPngEncoder>());
        var result = await provider.GetRequiredService<HeatmapRollupService>().RollupAsync("lize", default);

        Assert.Equal(clock.GetUtcNow(), result.GeneratedAt);
        var tileJson = HeatmapDocuments.DeserializeTileJson(store.Documents["all/24h/tilejson.json"])!;
        Assert.Equal("https://tiles.example/heat/all/24h/{z}/{x}/{y}.png", tileJson.Tiles.Single());
        Assert.Equal(13, tileJson.MinZoom);
        Assert.Contains("Test district", tileJson.Attribution);
        // With no incidents: 1 + 5 source layers, 3 windows, and nothing simulated.
        Assert.Equal(6 * 3 + 1, store.Documents.Count);
        Assert.DoesNotContain("SIMULATED", tileJson.Attribution);
    }
}
