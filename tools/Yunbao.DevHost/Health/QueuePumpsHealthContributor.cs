using Yunbao.Application.Ports;

namespace Yunbao.DevHost.Health;

/// <summary>The DevHost's queue pumps (what the Functions runtime's queue listeners are in Azure): down when one stopped or cannot receive.</summary>
public sealed class QueuePumpsHealthContributor(IReadOnlyList<QueuePump> pumps) : IHealthContributor
{
    public string Name => "queue-pumps";

    public Task<ComponentHealth> CheckAsync(CancellationToken ct)
    {
        var health = pumps.ToList().Select(p => p.Health).ToList();
        if (health.Count == 0) return Task.FromResult(new ComponentHealth(Name, true, "not started yet"));
        var detail = string.Join("; ", health.Select(h => $"{h.Queue}: {h.Detail}, {h.Processed} processed, {h.Poisoned} poisoned ({h.Undecodable} undecodable)"));
        return Task.FromResult(new ComponentHealth(Name, health.All(h => h.Up), detail));
    }
}
