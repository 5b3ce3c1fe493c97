using Yunbao.Application.OpsEvents;

namespace Yunbao.Application.Ports;

/// <summary>Publishes one order's ops events, in order, to `ops-events` (partition key = order id). Throws when they did not all arrive.</summary>
public interface IOpsEventPublisher
{
    Task PublishAsync(string orderId, IReadOnlyList<OpsEvent> events, CancellationToken ct);
}
