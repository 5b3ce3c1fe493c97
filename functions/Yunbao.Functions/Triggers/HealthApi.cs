using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.Health;
using Yunbao.Application.Ports;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>
/// What is running: version, which detector (and whether it is SIMULATION), local mode and stand-ins, and every part's
/// status (cosmos, storage, and locally the queue pumps and stand-ins). 503 problem+json naming the failing parts when one is down.
/// </summary>
public sealed class HealthApi(IDetector detector, HttpApi api, HealthProbe probe, IOptions<DistrictOptions> district, IOptions<HostModeOptions> hostMode,
    IConfiguration configuration, TimeProvider clock)
{
    public static readonly string Version =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    [Function("Health")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct) =>
        api.HandleAsync(req, async () =>
        {
            var parts = await probe.CheckAsync(ct);
            var resource = new HealthResource(parts.All(p => p.Up) ? "ok" : "unhealthy", Version,
                new DetectorHealth(detector.Name, detector.IsSimulation,
                    detector.IsSimulation ? "SIMULATION: detections come from simulated ground truth, not from a vision model." : null),
                hostMode.Value.LocalMode, StandIns(), district.Value.DistrictId, clock.GetUtcNow(), parts,
                parts.Where(p => p.Notice is not null).Select(p => $"{p.Name}: {p.Notice}").ToList());
            return parts.All(p => p.Up) ? ApiResult.Json(resource) : Problems.Unhealthy(req, resource);
        });

    /// <summary>Local stand-ins in use, read from the connection strings (no network call) plus what the host declares.</summary>
    private List<string> StandIns()
    {
        var list = new List<string>();
        var storage = configuration["Storage"] ?? "";
        if (storage.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) || IsLoopback(storage))
            list.Add("storage: Azurite (local stand-in for Azure Storage)");
        if (IsLoopback(configuration["Cosmos:connectionString"] ?? ""))
            list.Add("cosmos: @vercel/cosmosdb-server (local stand-in for Azure Cosmos DB)");
        if (hostMode.Value.StandIns is { Length: > 0 } more)
            list.AddRange(more.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return list;
    }

    private static bool IsLoopback(string connection) =>
        connection.Contains("127.0.0.1", StringComparison.Ordinal) || connection.Contains("localhost", StringComparison.OrdinalIgnoreCase);
}
