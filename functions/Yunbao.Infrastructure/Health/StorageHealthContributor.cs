using Azure.Storage.Queues;
using Yunbao.Application.Ports;
using Yunbao.Contracts.Storage;

namespace Yunbao.Infrastructure.Health;

/// <summary>Storage is up when the frame-events queue's properties can be read (bounded by the client's retry options).</summary>
public sealed class StorageHealthContributor(QueueServiceClient queues) : IHealthContributor
{
    public string Name => DependencyFailure.Storage;

    public async Task<ComponentHealth> CheckAsync(CancellationToken ct)
    {
        try
        {
            var properties = await queues.GetQueueClient(StorageNames.FrameEventsQueue).GetPropertiesAsync(ct);
            return new ComponentHealth(Name, true, $"queue '{StorageNames.FrameEventsQueue}' answers ({properties.Value.ApproximateMessagesCount} waiting)");
        }
        catch (Exception e) when (DependencyFailure.Classify(e) is { } d)
        {
            return new ComponentHealth(Name, false, d.Detail);
        }
        catch (Azure.RequestFailedException e)
        {
            return new ComponentHealth(Name, false, $"storage answered {e.Status}: {e.ErrorCode}");
        }
    }
}
