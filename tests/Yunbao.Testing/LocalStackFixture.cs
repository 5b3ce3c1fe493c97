using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Yunbao.Infrastructure.Cosmos;
using Yunbao.LocalStack;

namespace Yunbao.Testing;

/// <summary>
/// Azurite and cosmosdb-server for one test assembly. xunit only honours collection definitions in the test assembly
/// itself, so each test project adds (once):
/// <code>
/// [CollectionDefinition(LocalStackCollection.Name)]
/// public sealed class LocalStackCollection : ICollectionFixture&lt;LocalStackFixture&gt; { public const string Name = "localstack"; }
/// </code>
/// and marks test classes <c>[Collection("localstack")]</c>. Tests share the processes, never the resources:
/// each creates its own database, container or queue through the Create* helpers.
/// </summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    public const string CollectionName = "localstack";

    private LocalStandIns? _standIns;
    private CosmosClient? _cosmos;

    public LocalStandIns StandIns => _standIns ?? throw new InvalidOperationException("LocalStackFixture is not initialised.");
    public string StorageConnectionString => StandIns.StorageConnectionString;
    public string CosmosConnectionString => StandIns.CosmosConnectionString;

    /// <summary>A client built exactly as production builds it (gateway, LimitToEndpoint, the local query-plan handler).</summary>
    public CosmosClient Cosmos => _cosmos ??= CosmosClientFactory.Create(new CosmosOptions { ConnectionString = CosmosConnectionString });

    public BlobServiceClient Blobs => new(StorageConnectionString);
    public QueueServiceClient Queues => new(StorageConnectionString);

    public async Task InitializeAsync()
    {
        TestEnvironment.Apply();
        _standIns = await LocalStandIns.StartAsync(new LocalStandInsOptions { Log = Console.WriteLine });
    }

    public async Task DisposeAsync()
    {
        _cosmos?.Dispose();
        if (_standIns is not null) await _standIns.DisposeAsync();
    }

    /// <summary>A fresh database with the production containers (incidents, workorders, stewards, devices; /districtId).</summary>
    public async Task<Database> CreateDatabaseAsync(string prefix = "db")
    {
        var provisioner = new CosmosProvisioner(Cosmos, NullLogger<CosmosProvisioner>.Instance);
        return await provisioner.EnsureCreatedAsync(UniqueNames.Next(prefix), CancellationToken.None);
    }

    /// <summary>A fresh container partitioned by /districtId in a fresh database.</summary>
    public async Task<Container> CreateContainerAsync(string prefix = "c")
    {
        Database db = await Cosmos.CreateDatabaseIfNotExistsAsync(UniqueNames.Next("db"));
        return await db.CreateContainerIfNotExistsAsync(new ContainerProperties(UniqueNames.Next(prefix), CosmosNames.PartitionKeyPath));
    }

    public async Task<BlobContainerClient> CreateBlobContainerAsync(string prefix = "blobs")
    {
        var container = Blobs.GetBlobContainerClient(UniqueNames.Next(prefix));
        await container.CreateIfNotExistsAsync();
        return container;
    }

    public async Task<QueueClient> CreateQueueAsync(string prefix = "queue")
    {
        var queue = Queues.GetQueueClient(UniqueNames.Next(prefix));
        await queue.CreateIfNotExistsAsync();
        return queue;
    }
}
