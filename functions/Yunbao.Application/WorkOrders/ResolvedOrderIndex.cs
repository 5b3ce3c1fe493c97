using System.Collections.Concurrent;
using Yunbao.Application.Ports;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

/// <summary>
/// Where the resolved orders of each district are, so that a frame with no resolved order in front of it (nearly all of
/// them) costs no database query: per frame that query was most of the pipeline's cost (bench/README.md). Kept exact for
/// this instance's own transitions (<see cref="Observe"/>) and reloaded every <see cref="RefreshEvery"/> for those of other
/// instances. It only narrows the search: callers read each order it names again and act on the stored state.
/// </summary>
public sealed class ResolvedOrderIndex(TimeProvider clock) : IDisposable
{
    /// <summary>How late another instance's resolution may be seen: a frame in that window leaves the order for the next pass.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, District> _districts = new(StringComparer.Ordinal);

    /// <summary>Ids of the resolved orders of <paramref name="districtId"/> inside <paramref name="bounds"/>.</summary>
    public async Task<IReadOnlyList<string>> WithinAsync(IWorkOrderRepository orders, string districtId, GeoBounds bounds, CancellationToken ct)
    {
        var district = _districts.GetOrAdd(districtId, _ => new District());
        if (IsStale(district, clock.GetUtcNow()))
        {
            await district.Reload.WaitAsync(ct);
            try
            {
                var now = clock.GetUtcNow();
                if (IsStale(district, now))
                {
                    lock (district) district.ObservedDuringLoad = [];
                    var fresh = (await LoadAsync(orders, districtId, ct)).ToDictionary(o => o.Id, o => o.Location, StringComparer.Ordinal);
                    lock (district)
                    {
                        // A transition stored while the query ran may be missing from its answer, or be newer than it.
                        foreach (var (id, location, resolved) in district.ObservedDuringLoad!)
                            if (resolved) fresh[id] = location; else fresh.Remove(id);
                        (district.Positions, district.ObservedDuringLoad, district.LoadedAt) = (fresh, null, now);
                    }
                }
            }
            finally { district.Reload.Release(); }
        }
        lock (district) return [.. district.Positions.Where(p => bounds.Contains(p.Value)).Select(p => p.Key)];
    }

    /// <summary>Records a stored order's state: a resolved one is indexed, any other leaves the index.</summary>
    public void Observe(WorkOrder order)
    {
        if (!_districts.TryGetValue(order.DistrictId, out var district)) return;   // not loaded yet: the first load sees it
        var resolved = order.Status == WorkOrderStatus.Resolved;
        lock (district)
        {
            if (resolved) district.Positions[order.Id] = order.Location;
            else district.Positions.Remove(order.Id);
            district.ObservedDuringLoad?.Add((order.Id, order.Location, resolved));
        }
    }

    public void Dispose()
    {
        foreach (var district in _districts.Values) district.Dispose();
    }

    private static bool IsStale(District district, DateTimeOffset now)
    {
        lock (district) return district.LoadedAt is not { } loaded || now - loaded >= RefreshEvery || now < loaded;
    }

    private static async Task<List<WorkOrder>> LoadAsync(IWorkOrderRepository orders, string districtId, CancellationToken ct)
    {
        var all = new List<WorkOrder>();
        string? token = null;
        do
        {
            var page = await orders.QueryAsync(new WorkOrderQuery
            {
                DistrictId = districtId, Statuses = [WorkOrderStatus.Resolved], PageSize = 200, ContinuationToken = token, Unordered = true,
            }, ct);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        } while (token is not null);
        return all;
    }

    private sealed class District : IDisposable
    {
        public readonly SemaphoreSlim Reload = new(1, 1);
        public Dictionary<string, GeoPoint> Positions = new(StringComparer.Ordinal);
        public List<(string Id, GeoPoint Location, bool Resolved)>? ObservedDuringLoad;
        public DateTimeOffset? LoadedAt;

        public void Dispose() => Reload.Dispose();
    }
}
