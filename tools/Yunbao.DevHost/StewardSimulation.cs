using Microsoft.Extensions.Logging;
using Yunbao.Domain.Pipeline;
using Yunbao.Domain.Ports;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.DevHost;

/// <summary>
/// Simulated stewards working their orders through the same WorkOrderService the HTTP API uses:
/// accept a few minutes after dispatch, walk to the spot, start, resolve after a plausible time.
/// The patrol car's next pass then verifies (or reopens) the order, which closes the loop.
/// </summary>
public sealed class StewardSimulation(WorkOrderService workOrders, StewardService stewards, IStewardRepository stewardRepository,
    TimeProvider clock, string districtId, int seed, ILogger<StewardSimulation> logger)
{
    private const double WalkingMetersPerMinute = 75;   // 4.5 km/h
    private long _transitions;

    public long Transitions => Interlocked.Read(ref _transitions);

    public static IReadOnlyList<Steward> CreateRoster(string districtId, int count, Yunbao.Domain.Geo.GeoBounds bounds, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, count).Select(i => new Steward
        {
            Id = $"steward-{i:00}",
            DistrictId = districtId,
            Name = $"Simulated steward {i:00}",
            Location = new(bounds.West + random.NextDouble() * (bounds.East - bounds.West), bounds.South + random.NextDouble() * (bounds.North - bounds.South)),
            Available = true,
            Capacity = 3,
        }).ToList();
    }

    public async Task SeedAsync(IEnumerable<Steward> roster, CancellationToken ct)
    {
        foreach (var s in roster)
        {
            s.LastSeenAt = clock.GetUtcNow();
            await stewardRepository.UpsertAsync(s, ct);
        }
    }

    /// <summary>One round: every order assigned to a steward moves on if its time has come.</summary>
    public async Task StepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        string? token = null;
        do
        {
            var page = await workOrders.QueryAsync(new WorkOrderQuery
            {
                DistrictId = districtId,
                Statuses = [WorkOrderStatus.Dispatched, WorkOrderStatus.Accepted, WorkOrderStatus.InProgress],
                PageSize = 100,
                ContinuationToken = token,
            }, ct);
            foreach (var order in page.Items.Where(o => o.AssignedStewardId is not null))
                await TryAdvanceAsync(order, now, ct);
            token = page.ContinuationToken;
        } while (token is not null);
    }

    private async Task TryAdvanceAsync(WorkOrder order, DateTimeOffset now, CancellationToken ct)
    {
        var stewardId = order.AssignedStewardId!;
        var since = order.Events.Count > 0 ? order.Events[^1].At : order.UpdatedAt;
        var jitter = Jitter(order.Id, order.Status);
        (WorkOrderAction action, TimeSpan after)? next = order.Status switch
        {
            WorkOrderStatus.Dispatched => (WorkOrderAction.Accept, TimeSpan.FromMinutes(2 + 6 * jitter)),
            WorkOrderStatus.Accepted => (WorkOrderAction.Start, TimeSpan.FromMinutes(3 + await DistanceMetersAsync(stewardId, order, ct) / WalkingMetersPerMinute)),
            WorkOrderStatus.InProgress => (WorkOrderAction.Resolve, TimeSpan.FromMinutes(10 + 25 * jitter)),
            _ => null,
        };
        if (next is not { } step || now - since < step.after) return;

        try
        {
            if (step.action == WorkOrderAction.Start)
                await stewards.ReportLocationAsync(districtId, stewardId, order.Location, null, ct);
            await workOrders.TransitionAsync(new WorkOrderTransition
            {
                DistrictId = districtId,
                WorkOrderId = order.Id,
                Action = step.action,
                By = new Actor(stewardId, "steward"),
                IfMatch = order.ETag,
                StewardId = stewardId,
                Where = order.Location,
                Note = "simulated steward",
                Evidence = step.action == WorkOrderAction.Resolve ? [$"evidence/{order.Id}/after.jpg"] : [],
            }, ct);
            Interlocked.Increment(ref _transitions);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or InvalidTransitionException)
        {
            // Someone (the SLA timer, a patrol pass) moved it first: next round sees the new state.
            logger.LogDebug("Steward {StewardId} could not {Action} {WorkOrderId}: {Reason}", stewardId, step.action, order.Id, e.Message);
        }
    }

    private async Task<double> DistanceMetersAsync(string stewardId, WorkOrder order, CancellationToken ct) =>
        await stewardRepository.GetAsync(districtId, stewardId, ct) is { } s ? s.Location.DistanceTo(order.Location) : 300;

    /// <summary>A stable number in [0,1) per order and state, so a run with the same seed behaves the same.</summary>
    private double Jitter(string orderId, WorkOrderStatus status)
    {
        var h = 2166136261u ^ (uint)seed ^ ((uint)status << 16);   // FNV-1a: HashCode is randomised per process
        foreach (var c in orderId) h = (h ^ c) * 16777619u;
        return (h % 10_000) / 10_000.0;
    }
}
