using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yunbao.Application;
using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;

namespace Yunbao.Application.Heatmaps;

public static class HeatmapServiceCollectionExtensions
{
    /// <summary>
    /// Registers the heatmap rollup and the hotspot statistics. The host binds HeatmapOptions ("Heatmaps") and DistrictOptions ("District")
    /// and registers the ports it needs: IIncidentRepository, IHeatmapStore (tiles are paletted PNGs written by PalettePng).
    /// </summary>
    public static IServiceCollection AddYunbaoHeatmaps(this IServiceCollection services)
    {
        services.AddOptions<HeatmapOptions>();
        services.AddOptions<DistrictOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => CategoryCatalog.Default);
        // Transient: it holds nothing, and the repositories it uses may be scoped.
        services.TryAddTransient<HeatmapRollupService>();
        services.TryAddTransient<HotspotService>();
        return services;
    }
}
