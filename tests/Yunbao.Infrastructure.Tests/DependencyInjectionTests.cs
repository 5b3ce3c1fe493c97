using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Storage;
using Yunbao.Application.Ports;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Yunbao.Domain.Stewards;
using Yunbao.Infrastructure.Cosmos;
using Yunbao.Infrastructure.Detection;
using Yunbao.Infrastructure.Storage;
using Yunbao.Testing;

namespace Yunbao.Infrastructure.Tests;

[Collection(LocalStackFixture.CollectionName)]
public sealed class DependencyInjectionTests(LocalStackFixture fx)
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddYunbaoInfrastructure(configuration).BuildServiceProvider();
    }

    private Dictionary<string, string?> LocalSettings(string database) => new()
    {
        ["LocalMode"] = "true",
        ["Storage"] = fx.StorageConnectionString,
        ["Cosmos:connectionString"] = fx.CosmosConnectionString,
        ["Cosmos:databaseName"] = database,
        ["Detector:Provider"] = "simulation",
        ["SimulationDetector:Recall"] = "0.5",
    };

    [Fact]
    public async Task Local_settings_wire_every_port_to_the_stand_ins()
    {
        await using var sp = Build(LocalSettings(UniqueNames.Next("di")));
        await sp.EnsureYunbaoResourcesAsync(default);

        Assert.Equal(fx.StandIns.BlobPort, sp.GetRequiredService<BlobServiceClient>().Uri.Port);
        Assert.Equal(fx.StandIns.QueuePort, sp.GetRequiredService<QueueServiceClient>().Uri.Port);
        Assert.True((await sp.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.FrameEventsQueue).ExistsAsync()).Value);

        var stewards = sp.GetRequiredService<IStewardRepository>();
        Assert.True(await stewards.TryCreateAsync(new Steward { Id = "s-di", DistrictId = "lize", Name = "赵磊", Location = new GeoPoint(116.3, 39.86) }, default));
        Assert.Equal("赵磊", (await stewards.GetAsync("lize", "s-di", default))!.Name);
        Assert.IsType<CosmosWorkOrderRepository>(sp.GetRequiredService<IWorkOrderRepository>());
        Assert.IsType<CosmosIncidentRepository>(sp.GetRequiredService<IIncidentRepository>());
        Assert.IsType<BlobFrameStore>(sp.GetRequiredService<IFrameStore>());
        Assert.IsType<BlobHeatmapStore>(sp.GetRequiredService<IHeatmapStore>());

        var detector = sp.GetRequiredService<IDetector>();
        Assert.True(detector.IsSimulation);
        Assert.Equal("simulation", detector.Name);
        Assert.Equal(0.5, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SimulationDetectorOptions>>().Value.Recall);
    }

    [Fact]
    public async Task Azure_vision_provider_gets_the_typed_rest_client()
    {
        var settings = LocalSettings("unused");
        settings["Detector:Provider"] = "azure-vision";
        settings["Vision:Endpoint"] = "http://127.0.0.1:9/";
        settings["Vision:Key"] = "k";
        await using var sp = Build(settings);
        var detector = sp.GetRequiredService<IDetector>();
        Assert.IsType<AzureVisionDetector>(detector);
        Assert.False(detector.IsSimulation);
    }

    [Fact]
    public void Unknown_detector_provider_fails_at_start_up_with_the_choices()
    {
        var settings = LocalSettings("unused");
        settings["Detector:Provider"] = "onnx";
        var e = Assert.Throws<InvalidOperationException>(() => Build(settings));
        Assert.Contains("'simulation'", e.Message);
        Assert.Contains("'azure-vision'", e.Message);
    }

    [Fact]
    public async Task Azure_style_identity_settings_build_clients_for_the_service_uris_without_contacting_anything()
    {
        await using var sp = Build(new Dictionary<string, string?>
        {
            ["Storage:blobServiceUri"] = "https://yunbaost.blob.core.windows.net",
            ["Storage:queueServiceUri"] = "https://yunbaost.queue.core.windows.net",
            ["Storage:credential"] = "managedidentity",
        });
        Assert.Equal("yunbaost.blob.core.windows.net", sp.GetRequiredService<BlobServiceClient>().Uri.Host);
        Assert.Equal("yunbaost.queue.core.windows.net", sp.GetRequiredService<QueueServiceClient>().Uri.Host);
        // The Cosmos client is not built here: with a managed identity it may fetch a token, and only loopback may be contacted.
    }

    [Fact]
    public async Task Missing_storage_settings_say_what_to_set()
    {
        await using var sp = Build(new Dictionary<string, string?> { ["LocalMode"] = "true" });
        var e = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<BlobServiceClient>());
        Assert.Contains("Storage__blobServiceUri", e.Message);
    }
}
