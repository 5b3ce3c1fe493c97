using Yunbao.Application.OpsEvents;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Messaging;

/// <summary>Used when OpsEvents is not configured: every publish fails, so the events stay in the outbox until it is.</summary>
public sealed class UnconfiguredOpsEventPublisher : IOpsEventPublisher
{
    public Task PublishAsync(string orderId, IReadOnlyList<OpsEvent> events, CancellationToken ct) =>
        throw new InvalidOperationException("OpsEvents is not configured: set OpsEvents__ConnectionString locally or OpsEvents__FullyQualifiedNamespace in Azure.");
}
