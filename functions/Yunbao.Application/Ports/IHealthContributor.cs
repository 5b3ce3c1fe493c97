namespace Yunbao.Application.Ports;

/// <summary>One part /api/health checks (cosmos, storage, the local queue pumps, the local stand-ins). Must answer within seconds.</summary>
public interface IHealthContributor
{
    string Name { get; }
    Task<ComponentHealth> CheckAsync(CancellationToken ct);
}
