using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Storage;

namespace Yunbao.Infrastructure.Storage;

/// <summary>Creates the blob containers and queues if missing (Azurite starts empty; Bicep creates them in Azure).</summary>
public sealed class StorageProvisioner(BlobServiceClient blobs, QueueServiceClient queues, ILogger<StorageProvisioner> logger)
{
    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        foreach (var container in StorageNames.Containers)
            await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: ct);
        foreach (var queue in StorageNames.Queues)
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: ct);
        logger.LogInformation("Storage ready: containers {Containers}, queues {Queues}",
            string.Join(",", StorageNames.Containers), string.Join(",", StorageNames.Queues));
    }
}
