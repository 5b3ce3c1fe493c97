using Yunbao.Application.Ports;

namespace Yunbao.DevHost.Health;

/// <summary>The in-process Event Hubs stand-in: its label, port and counts.</summary>
public sealed class EventHubsHealthContributor(EventHubsStandIn.EventHubsStandIn hubs) : IHealthContributor
{
    public string Name => "event-hubs";

    public Task<ComponentHealth> CheckAsync(CancellationToken ct) =>
        Task.FromResult(new ComponentHealth(Name, true, $"{hubs.Health}; AMQP 127.0.0.1:{hubs.Port}", null));
}
