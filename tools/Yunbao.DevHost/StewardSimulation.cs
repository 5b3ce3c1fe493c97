using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Yunbao.Application.Ports;
using Yunbao.Application.WorkOrders;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;
using Yunbao.Edge.Simulator;

namespace Yunbao.DevHost;

/// <summary>
/// Simulated stewards working their orders through the same WorkOrderTransitions the HTTP API uses: accept a few
/// minutes after dispatch, walk there along the streets (the fleet's walker, which reports positions as
/// telemetry), start on arrival, fix the problem in the simulated world and resolve. The patrol car's next
/// pass then sees the spot clean and verifies the order, which closes the loop.
/// </summary>
public sealed class StewardSimulation
{
    private readonly WorkOrderQueries _workOrders;
    private readonly WorkOrderTransitions _transitioner;
    private readonly IStewardRepository _stewards;
    private readonly FleetSimulator _fleet;
    private readonly TimeProvider _clock;
    private readonly string _districtId;
    private readonly int _seed;
    private readonly ILogger<StewardSimulation> _logger;
    // steward → the order they are walking to or working on (one at a time; the others wait accepted)
    private readonly ConcurrentDictionary<string, string> _currentOrder = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _arrived = new(StringComparer.Ordinal);
    private long _transitions;

    public StewardSimulation(WorkOrderQueries workOrders, WorkOrderTransitions transitions, IStewardRepository stewards, FleetSimulator fleet, TimeProvider clock,
        string districtId, int seed, ILogger<StewardSimulation> logger)
    {
        (_workOrders, _transitioner, _stewards, _fleet, _clock, _districtId, _seed, _logger) = (workOrders, transitions, stewards, fleet, clock, districtId, seed, logger);
        _fleet.StewardArrived += a =>
        {
            if (_currentOrder.TryGetValue(a.StewardId, out var orderId)) _arrived[orderId] = a.At;
        };
    }

    public long Transitions => Interlocked.Read(ref _transitions);

    /// <summary>Stores the fleet's stewards where they stand, so dispatch has someone to send. A steward already stored keeps its live state.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        foreach (var s in _fleet.Stewards)
            await _stewards.TryCreateAsync(new Steward
            {
                Id = s.StewardId,
                DistrictId = _districtId,
                Name = $"Simulated steward {s.StewardId[^2..]}",
                Location = s.Position,
                LastSeenAt = _clock.GetUtcNow(),
                Available = true,
            }, ct);
    }

    /// <summary>One round: every order assigned to a steward moves on if its time has come.</summary>
    public async Task StepAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var orders = new List<WorkOrder>();
        string? token = null;
        do
        {
            var page = await _workOrders.QueryAsync(new WorkOrderQuery
            {
                DistrictId = _districtId,
                Statuses = [WorkOrderStatus.Dispatched, WorkOrderStatus.Accepted, WorkOrderStatus.InProgress],
                PageSize = 100,
                ContinuationToken = token,
            }, ct);
            orders.AddRange(page.Items.Where(o => o.AssignedStewardId is not null));
            token = page.ContinuationToken;
        } while (token is not null);

        // A steward whose current order is gone (reassigned, escalated, verified) is free again.
        var open = orders.ToDictionary(o => o.Id);
        foreach (var (steward, orderId) in _currentOrder)
            if (!open.TryGetValue(orderId, out var o) || o.AssignedStewardId != steward)
            {
                _currentOrder.TryRemove(steward, out _);
                _fleet.ReleaseSteward(steward);
            }

        foreach (var order in orders.OrderBy(o => o.CreatedAt))
            await TryAdvanceAsync(order, now, ct);
    }

    private async Task TryAdvanceAsync(WorkOrder order, DateTimeOffset now, CancellationToken ct)
    {
        var stewardId = order.AssignedStewardId!;
        var since = order.Events.Count > 0 ? order.Events[^1].At : order.UpdatedAt;
        WorkOrderAction? action = null;
        switch (order.Status)
        {
            case WorkOrderStatus.Dispatched when now - since >= TimeSpan.FromMinutes(1 + 4 * Jitter(order.Id, 1)):
                action = WorkOrderAction.Accept;
                break;
            case WorkOrderStatus.Accepted:
                if (_currentOrder.TryAdd(stewardId, order.Id)) _fleet.AssignTarget(stewardId, order.Location);
                // Start on arrival; after an hour on the way, start anyway (the walker may be stuck on the graph).
                if (_currentOrder.GetValueOrDefault(stewardId) == order.Id && (_arrived.ContainsKey(order.Id) || now - since > TimeSpan.FromHours(1)))
                    action = WorkOrderAction.Start;
                break;
            case WorkOrderStatus.InProgress when now - since >= TimeSpan.FromMinutes(8 + 20 * Jitter(order.Id, 2)):
                action = WorkOrderAction.Resolve;
                break;
        }
        if (action is not { } step) return;

        var outcome = await _transitioner.TransitionAsync(new WorkOrderTransition
        {
            DistrictId = _districtId,
            WorkOrderId = order.Id,
            Action = step,
            By = new Actor(stewardId, "steward"),
            IfMatch = order.ETag,
            StewardId = stewardId,
            Where = order.Location,
            Note = "simulated steward",
            Evidence = step == WorkOrderAction.Resolve ? [$"evidence/{order.Id}/after.jpg"] : [],
        }, ct);
        if (outcome is not TransitionOutcome.Ok)
        {
            // Someone (the SLA timer, a patrol pass) moved it first: the next round sees the new state.
            _logger.LogDebug("Simulated steward {StewardId} could not {Action} {WorkOrderId}: {Outcome}", stewardId, step, order.Id, outcome);
            return;
        }
        Interlocked.Increment(ref _transitions);
        if (step == WorkOrderAction.Resolve)
        {
            // The fix happens in the simulated world too, so the patrol car's next pass sees the spot clean.
            _fleet.ResolveAt(order.Location, order.CategoryCode);
            if (_currentOrder.TryRemove(new KeyValuePair<string, string>(stewardId, order.Id))) _fleet.ReleaseSteward(stewardId);
            _arrived.TryRemove(order.Id, out _);
        }
    }

    /// <summary>A stable number in [0,1) per order and step, so a run with the same seed behaves the same (FNV-1a; HashCode is randomised per process).</summary>
    private double Jitter(string orderId, int salt)
    {
        var h = 2166136261u ^ (uint)_seed ^ ((uint)salt << 16);
        foreach (var c in orderId) h = (h ^ c) * 16777619u;
        return (h % 10_000) / 10_000.0;
    }
}
