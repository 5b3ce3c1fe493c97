using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yunbao.Functions.Triggers;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>
/// A dependency that accepts connections and never answers (Azurite during its blob GC looked like this) gives a
/// problem+json 503/504 within the configured timeouts, not a hang. The timeouts are the defaults of DependencyTimeoutOptions.
/// </summary>
public sealed class StalledDependencyTests
{
    private static readonly TimeSpan UpperBound = TimeSpan.FromSeconds(15);

    private static ServiceProvider Host(int storagePort, int cosmosPort)
    {
        var values = SampleSettings.Values().ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value);
        var storage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Yunbao.LocalStack.LocalStandIns.DevStorageAccountKey +
                      $";BlobEndpoint=http://127.0.0.1:{storagePort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{storagePort}/devstoreaccount1;";
        values["AzureWebJobsStorage"] = values["Storage"] = storage;
        values["Cosmos:connectionString"] = $"AccountEndpoint=http://127.0.0.1:{cosmosPort}/;AccountKey={Yunbao.LocalStack.LocalStandIns.CosmosEmulatorKey};";
        values["LocalMode"] = "true";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddYunbaoFunctions(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Tile_read_from_a_stalled_storage_answers_a_problem_within_the_timeout()
    {
        using var stalled = new StalledListener();
        await using var services = Host(stalled.Port, stalled.Port);
        var api = ActivatorUtilities.CreateInstance<HeatmapsApi>(services);
        var req = HttpCall.Request(services, "GET", "/api/heatmaps/all/24h/14/13493/6209.png");

        var watch = Stopwatch.StartNew();
        var answer = await HttpCall.ExecuteAsync(req, api.Tile(req, "all", "24h", "14", "13493", "6209", CancellationToken.None));

        Assert.True(watch.Elapsed < UpperBound, $"took {watch.Elapsed}");
        Assert.Contains(answer.Status, new[] { 503, 504 });
        WorkOrdersApiTests.AssertProblem(answer, answer.Status);
        Assert.Equal("storage", answer.Json.GetProperty("dependency").GetString());
    }

    [Fact]
    public async Task Work_order_list_from_a_stalled_Cosmos_answers_a_problem_within_the_timeout()
    {
        using var stalled = new StalledListener();
        await using var services = Host(stalled.Port, stalled.Port);
        var api = ActivatorUtilities.CreateInstance<WorkOrdersApi>(services);
        var req = HttpCall.Request(services, "GET", "/api/workorders");

        var watch = Stopwatch.StartNew();
        var answer = await HttpCall.ExecuteAsync(req, api.List(req, CancellationToken.None));

        Assert.True(watch.Elapsed < UpperBound, $"took {watch.Elapsed}");
        Assert.Contains(answer.Status, new[] { 503, 504 });
        WorkOrdersApiTests.AssertProblem(answer, answer.Status);
        Assert.Equal("cosmos", answer.Json.GetProperty("dependency").GetString());
    }
}
