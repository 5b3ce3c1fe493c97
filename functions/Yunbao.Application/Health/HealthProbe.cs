using Yunbao.Application.Ports;

namespace Yunbao.Application.Health;

/// <summary>Asks every registered <see cref="IHealthContributor"/> at once; a contributor that throws counts as down.</summary>
public sealed class HealthProbe(IEnumerable<IHealthContributor> contributors)
{
    public async Task<IReadOnlyList<ComponentHealth>> CheckAsync(CancellationToken ct) =>
        await Task.WhenAll(contributors.Select(c => CheckOneAsync(c, ct)));

    private static async Task<ComponentHealth> CheckOneAsync(IHealthContributor contributor, CancellationToken ct)
    {
        try
        {
            return await contributor.CheckAsync(ct);
        }
#pragma warning disable CA1031 // a health check reports every failure of a part instead of failing itself
        catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new ComponentHealth(contributor.Name, false, $"{e.GetType().Name}: {e.Message.Split('\n', 2)[0]}");
        }
    }
}
