using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yunbao.Edge.IotHub;
using Yunbao.Edge.Modules.Sources;

namespace Yunbao.Edge.Modules;

/// <summary>
/// Program.cs of every module: a generic host whose one worker builds the IoT Hub client (connection string, else
/// EdgeHubConnectionString, else the IoT Edge workload API), the module, and runs it until the container stops.
/// Configuration: environment (IOTEDGE_*, IotHub__*, District__DistrictId, Sources__*, FrameUploader__* for the cameras,
/// Health__HeartbeatFile for the image's HEALTHCHECK) and command line.
/// The module reads the device's own sources (<see cref="ConfiguredSources"/>) unless the caller injects others.
/// </summary>
public static class ModuleHost
{
    /// <param name="sources">Sources a host injects (e.g. simulated ones); null: the device's, from configuration.</param>
    public static async Task RunAsync(string[] args, string defaultModuleId, Func<ModuleServices, EdgeModule> create,
        Func<IConfiguration, IModuleSources>? sources = null, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHostedService(sp => new ModuleWorker(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILoggerFactory>(), defaultModuleId, create, sources));
        await builder.Build().RunAsync(cancellationToken);
    }

    public static Task RunAsync(string[] args, string defaultModuleId, Func<ModuleServices, EdgeModule> create, CancellationToken cancellationToken) =>
        RunAsync(args, defaultModuleId, create, null, cancellationToken);

    /// <summary>The injected sources when there are any (a warning says so when they are simulated), else the configured ones.</summary>
    public static IModuleSources ResolveSources(IConfiguration configuration, ILoggerFactory loggerFactory, Func<IConfiguration, IModuleSources>? injected, ModuleContext context)
    {
        var logger = loggerFactory.CreateLogger("Yunbao.Edge.Modules");
        var sources = injected?.Invoke(configuration) ?? new ConfiguredSources(configuration, loggerFactory);
        if (sources.IsSimulated)
            logger.LogWarning("{moduleId} on {deviceId} uses SIMULATED sources (synthetic frames and readings)", context.ModuleId, context.DeviceId);
        else
            logger.LogInformation("{moduleId} on {deviceId} reads the device's own sources ({sourceKind})", context.ModuleId, context.DeviceId, sources.Kind);
        return sources;
    }

    private sealed class ModuleWorker(IConfiguration configuration, ILoggerFactory loggerFactory, string defaultModuleId,
        Func<ModuleServices, EdgeModule> create, Func<IConfiguration, IModuleSources>? injected) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var options = new IotHubClientOptions();
            configuration.GetSection(IotHubClientOptions.SectionName).Bind(options);
            var client = await IotHubClient.CreateAsync(options, loggerFactory, cancellationToken: stoppingToken);
            var context = new ModuleContext(client.DeviceId, client.ModuleId ?? defaultModuleId, configuration["District:DistrictId"] ?? "lize");
            var sources = ResolveSources(configuration, loggerFactory, injected, context);

            await using var module = create(new ModuleServices(client, context, configuration, loggerFactory, sources, options));
            using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var heartbeat = configuration["Health:HeartbeatFile"] is { Length: > 0 } file ? HeartbeatAsync(file, heartbeatStop.Token) : Task.CompletedTask;
            try { await module.RunAsync(stoppingToken); }
            finally
            {
                heartbeatStop.Cancel();
                await heartbeat;
            }
        }

        /// <summary>
        /// Touches <paramref name="file"/> every 15 s while the module runs: the image's HEALTHCHECK fails when the file is
        /// older than a minute (a stuck or dead module). Being offline is healthy: telemetry waits in the outbox.
        /// </summary>
        private static async Task HeartbeatAsync(string file, CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
            do
            {
                try { await File.WriteAllTextAsync(file, DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None); }
                catch (IOException) { /* the next beat tries again; the health check reports a lasting failure */ }
                catch (UnauthorizedAccessException) { }
            }
            while (await WaitAsync(timer, cancellationToken));
        }

        private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
        {
            try { return await timer.WaitForNextTickAsync(cancellationToken); }
            catch (OperationCanceledException) { return false; }
        }
    }
}
