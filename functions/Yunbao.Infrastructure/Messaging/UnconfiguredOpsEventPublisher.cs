using Yunbao.Application.OpsEvents;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Messaging;

/// <summary>Used when EventHubs is not configured: every publish fails, so the events stay in the outbox until it is.</summary>
public sealed class UnconfiguredOpsEventPublisher : IOpsEventPublisher
{
    public Task PublishAsync(string orderId, IReadOnlyList<OpsEvent> events, CancellationToken ct) =>
        throw new InvalidOperationException("Event Hubs is not configured: set EventHubs__connectionString locally (the stand-in) or EventHubs__fullyQualifiedNamespace in Azure.");
}
