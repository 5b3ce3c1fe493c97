using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Domain.Catalog;
using Yunbao.Edge.Simulator.Output;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator;

public static class SimulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the simulated fleet (options from section "Simulator", Lize's district, the category catalog).
    /// An <see cref="IFleetSink"/> must be registered too, e.g. with <see cref="AddDirectStorageFleetSink"/>;
    /// a registered TimeProvider (the DevHost's accelerated clock) drives <see cref="FleetSimulator.RunAsync"/>.
    /// </summary>
    public static IServiceCollection AddFleetSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SimulatorOptions>().Bind(configuration.GetSection(SimulatorOptions.Section));
        services.TryAddSingleton(_ => SimulatedDistrict.Lize());
        services.TryAddSingleton(_ => CategoryCatalog.Default);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new FleetSimulator(
            sp.GetRequiredService<IOptions<SimulatorOptions>>().Value,
            sp.GetRequiredService<IFleetSink>(),
            sp.GetRequiredService<SimulatedDistrict>(),
            sp.GetRequiredService<CategoryCatalog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<FleetSimulator>>()));
        return services;
    }

    /// <summary>The direct sink on the `Storage` connection string (frames, frame-events, telemetry).</summary>
    public static IServiceCollection AddDirectStorageFleetSink(this IServiceCollection services, string storageConnectionString)
    {
        services.TryAddSingleton<IFleetSink>(sp => DirectStorageFleetSink.ForConnectionString(
            storageConnectionString, sp.GetService<TimeProvider>(), sp.GetService<ILogger<DirectStorageFleetSink>>()));
        return services;
    }
}
