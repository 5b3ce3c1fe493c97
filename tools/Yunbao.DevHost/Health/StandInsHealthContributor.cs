using Yunbao.Application.Ports;
using Yunbao.LocalStack;

namespace Yunbao.DevHost.Health;

/// <summary>The local stand-ins' processes: down while one is not running; after a restart, a notice that its in-memory data was lost.</summary>
public sealed class StandInsHealthContributor(LocalStandIns standIns) : IHealthContributor
{
    public string Name => "stand-ins";

    public Task<ComponentHealth> CheckAsync(CancellationToken ct)
    {
        var status = standIns.Status;
        var down = status.Where(s => !s.Running).ToList();
        var detail = string.Join("; ", status.Select(s => s.Running
            ? $"{s.Name} running" + (s.Restarts > 0 ? $" (restarted {s.Restarts}x)" : "")
            : $"{s.Name} DOWN ({s.LastExit}), restarting"));
        var restarted = status.Where(s => s.Restarts > 0).ToList();
        var notice = restarted.Count == 0 ? null : string.Join(" ", restarted.Select(s =>
            $"{s.Name} exited and was restarted {s.Restarts} time(s), last at {s.LastRestartAt:u}: it keeps everything in memory, so ALL ITS DATA FROM BEFORE THEN WAS LOST" +
            (s.Name == LocalStandIns.CosmosName ? " (incidents, work orders, stewards; the database and containers were re-created and the stewards re-seeded)." : " (blobs and queue messages; containers and queues were re-created).")));
        return Task.FromResult(new ComponentHealth(Name, down.Count == 0, detail, notice));
    }
}
