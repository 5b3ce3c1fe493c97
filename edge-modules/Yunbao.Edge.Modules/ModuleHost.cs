using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yunbao.Edge.IotHub;
using Yunbao.Edge.Modules.Simulation;

namespace Yunbao.Edge.Modules;

/// <summary>What a module's factory gets when the module runs as its own process (an IoT Edge container).</summary>
public sealed record ModuleServices(IotHubClient Client, ModuleContext Context, IConfiguration Configuration, ILoggerFactory LoggerFactory, SimulationSources Simulation);

/// <summary>
/// Program.cs of every module: a generic host whose one worker builds the IoT Hub client (connection string, else
/// EdgeHubConnectionString, else the IoT Edge workload API), the module, and runs it until the container stops.
/// Configuration: environment (IOTEDGE_*, IotHub__*, District__DistrictId, Sources__Kind) and command line.
/// </summary>
public static class ModuleHost
{
    public static async Task RunAsync(string[] args, string defaultModuleId, Func<ModuleServices, EdgeModule> create, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHostedService(sp => new ModuleWorker(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILoggerFactory>(), defaultModuleId, create));
        await builder.Build().RunAsync(cancellationToken);
    }

    private sealed class ModuleWorker(IConfiguration configuration, ILoggerFactory loggerFactory, string defaultModuleId, Func<ModuleServices, EdgeModule> create) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var logger = loggerFactory.CreateLogger("Yunbao.Edge.Modules");
            var options = new IotHubClientOptions();
            configuration.GetSection(IotHubClientOptions.SectionName).Bind(options);
            var client = await IotHubClient.CreateAsync(options, loggerFactory, cancellationToken: stoppingToken);
            var context = new ModuleContext(client.DeviceId, client.ModuleId ?? defaultModuleId, configuration["District:DistrictId"] ?? "lize");

            // The only frame/sensor sources this build has are the simulator's; they are labelled SIMULATED everywhere.
            var kind = configuration["Sources:Kind"] ?? "simulated";
            if (!string.Equals(kind, "simulated", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"Sources:Kind '{kind}' is not available in this build; only 'simulated' is.");
            logger.LogWarning("{moduleId} on {deviceId} uses SIMULATED sources (synthetic frames and readings)", context.ModuleId, context.DeviceId);

            await using var module = create(new ModuleServices(client, context, configuration, loggerFactory, SimulationSources.Standalone()));
            await module.RunAsync(stoppingToken);
        }
    }
}
