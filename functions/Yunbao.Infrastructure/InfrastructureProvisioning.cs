using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Yunbao.Infrastructure.Cosmos;
using Yunbao.Infrastructure.Storage;

namespace Yunbao.Infrastructure;

public static class InfrastructureProvisioning
{
    /// <summary>
    /// Creates the blob containers, queues, Cosmos database and containers if missing. Local start-up needs it (the
    /// stand-ins start empty); in Azure Bicep has created them and this only confirms they exist.
    /// </summary>
    public static async Task EnsureYunbaoResourcesAsync(this IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(ct);
        var cosmos = services.GetRequiredService<IOptions<CosmosOptions>>().Value;
        await services.GetRequiredService<CosmosProvisioner>().EnsureCreatedAsync(cosmos.DatabaseName, ct);
    }
}
