using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace Yunbao.Infrastructure.Cosmos;

/// <summary>
/// Creates the database and containers if missing. The local server keeps nothing across restarts, and in Azure
/// Bicep creates them; CreateIfNotExists is harmless on both.
/// </summary>
public sealed class CosmosProvisioner(CosmosClient client, ILogger<CosmosProvisioner> logger)
{
    public async Task<Database> EnsureCreatedAsync(string databaseName, CancellationToken ct)
    {
        Database database = await client.CreateDatabaseIfNotExistsAsync(databaseName, cancellationToken: ct);
        foreach (var container in CosmosNames.Containers)
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(container, CosmosNames.PartitionKeyPath), cancellationToken: ct);
        logger.LogInformation("Cosmos database {Database} ready with containers {Containers}", databaseName, string.Join(",", CosmosNames.Containers));
        return database;
    }
}
