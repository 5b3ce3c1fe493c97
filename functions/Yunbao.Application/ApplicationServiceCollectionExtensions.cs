using Yunbao.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Detection;
using Yunbao.Application.Ports;
using Yunbao.Application.Stewards;
using Yunbao.Application.Telemetry;
using Yunbao.Application.WorkOrders;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Dispatch;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Rules;

namespace Yunbao.Application;

public static class ApplicationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the domain's pure collaborators (catalog, street network, zone map, rules, dedupe, dispatch
    /// maths) and the application services the functions call (transitions, intake, SLA sweep, dispatch, stewards,
    /// telemetry, frames). Everything is TryAdd, so a host can supply its own clock (simulated time), catalog or
    /// <see cref="IRoadDistance"/> first. The host binds DistrictOptions ("District") and registers the ports
    /// (IIncidentRepository, IWorkOrderRepository, IStewardRepository, IFrameStore, IDetector, optionally IDeviceStateRepository).
    /// </summary>
    public static IServiceCollection AddYunbaoApplication(this IServiceCollection services)
    {
        services.AddOptions<DistrictOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => CategoryCatalog.Default);
        services.TryAddSingleton(_ => StreetNetwork.Default);
        services.TryAddSingleton(sp => new ZoneMap(sp.GetRequiredService<StreetNetwork>()));
        services.TryAddSingleton(sp => new ViolationRules(
            sp.GetRequiredService<CategoryCatalog>(),
            sp.GetRequiredService<ZoneMap>(),
            DistrictTime.Resolve(sp.GetRequiredService<IOptions<DistrictOptions>>().Value.TimeZone)));
        services.TryAddSingleton<IncidentDeduplicator>();
        services.TryAddSingleton<Health.HealthProbe>();
        services.TryAddSingleton<IRoadDistance, StraightLineDistance>();
        services.TryAddSingleton<NearestStewardDispatcher>();
        services.TryAddSingleton<ResolvedOrderIndex>();
        // Transient: they hold nothing, and the repositories they use may be scoped.
        services.TryAddTransient<StewardDispatch>();
        services.TryAddTransient<WorkOrderTransitions>();
        services.TryAddTransient<IncidentIntake>();
        services.TryAddTransient<SlaSweep>();
        services.TryAddTransient<WorkOrderQueries>();
        services.TryAddTransient<StewardService>();
        services.TryAddTransient<TelemetryIngestionService>();
        services.TryAddTransient<FrameDetectionService>();
        services.TryAddTransient<Citizens.CitizenRequests>();
        services.TryAddTransient<OpsEvents.OpsEventOutbox>();
        return services;
    }
}
