using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Yunbao.Contracts.Frames;
using Yunbao.Application.Ports;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;
using Yunbao.Contracts;

namespace Yunbao.Application.Tests.Fakes;

// One in-memory fake per port, for the application services' tests. They follow the ports' documented
// ETag rules exactly as the Cosmos adapters do (RepositoryContractTests holds both to them): stored
// documents are copies, ETags change on every write, a stale ETag gets a conflict (412), a create of an
// existing id is refused (409 → false), nothing is overwritten blindly.

internal static class Copy
{
    public static T Of<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, YunbaoJson.Options), YunbaoJson.Options)!;
}

internal sealed class InMemoryIncidentRepository : IIncidentRepository
{
    private readonly ConcurrentDictionary<(string, string), Incident> _items = new();
    public IReadOnlyCollection<Incident> All => _items.Values.ToList();

    /// <summary>Seeds incidents as they are (a later one with the same id replaces the earlier).</summary>
    public void Add(params Incident[] incidents)
    {
        foreach (var i in incidents) _items[(i.DistrictId, i.Id)] = Copy.Of(i);
    }

    public Task<bool> TryAddAsync(Incident incident, CancellationToken ct) => Task.FromResult(_items.TryAdd((incident.DistrictId, incident.Id), Copy.Of(incident)));

    public Task<Incident?> GetAsync(string districtId, string id, CancellationToken ct) =>
        Task.FromResult(_items.TryGetValue((districtId, id), out var i) ? Copy.Of(i) : null);

    /// <summary>Lets a test hold callers at this point to force an interleaving.</summary>
    public Func<Task>? BeforeListRecent { get; set; }

    public async Task<IReadOnlyList<Incident>> ListRecentAsync(string districtId, string categoryCode, DateTimeOffset since, CancellationToken ct)
    {
        if (BeforeListRecent is { } hold) await hold();
        return _items.Values.Where(i => i.DistrictId == districtId && i.CategoryCode == categoryCode && i.ObservedAt >= since).Select(Copy.Of).ToList();
    }

    public async IAsyncEnumerable<Incident> ListObservedBetweenAsync(string districtId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var i in _items.Values.Where(i => i.DistrictId == districtId && i.ObservedAt >= from && i.ObservedAt < to).OrderBy(i => i.ObservedAt))
        {
            await Task.Yield();
            yield return Copy.Of(i);
        }
    }

    public Task SetWorkOrderAsync(string districtId, string incidentId, string workOrderId, CancellationToken ct)
    {
        _items.AddOrUpdate((districtId, incidentId), _ => throw new KeyNotFoundException(incidentId), (_, i) => i with { WorkOrderId = workOrderId });
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryWorkOrderRepository : IWorkOrderRepository
{
    // Snapshots are immutable values: storing one is storing a copy.
    private readonly ConcurrentDictionary<(string, string), WorkOrderSnapshot> _items = new();
    private readonly object _gate = new();
    public IReadOnlyCollection<WorkOrder> All => _items.Values.Select(WorkOrder.Rehydrate).ToList();
    public int Writes;
    public int Reads;

    public Task<WorkOrder?> GetAsync(string districtId, string id, CancellationToken ct)
    {
        Interlocked.Increment(ref Reads);
        return Task.FromResult(_items.TryGetValue((districtId, id), out var o) ? WorkOrder.Rehydrate(o) : null);
    }

    public Task<bool> TryCreateAsync(WorkOrder order, CancellationToken ct)
    {
        lock (_gate)
        {
            var etag = Guid.NewGuid().ToString();
            if (!_items.TryAdd((order.DistrictId, order.Id), order.ToSnapshot() with { ETag = etag })) return Task.FromResult(false);
            order.MarkStored(etag);
            Writes++;
            return Task.FromResult(true);
        }
    }

    public Task ReplaceAsync(WorkOrder order, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(order.ETag)) throw new InvalidOperationException($"Work order '{order.Id}' has no ETag: read it before replacing it.");
        lock (_gate)
        {
            if (!_items.TryGetValue((order.DistrictId, order.Id), out var stored)) throw new ConcurrencyConflictException($"Work order {order.Id} no longer exists.");
            if (stored.ETag != order.ETag) throw new ConcurrencyConflictException($"Work order {order.Id}: ETag {order.ETag} is stale.");
            var etag = Guid.NewGuid().ToString();
            _items[(order.DistrictId, order.Id)] = order.ToSnapshot() with { ETag = etag };
            order.MarkStored(etag);
            Writes++;
            return Task.CompletedTask;
        }
    }

    public Task<Page<WorkOrder>> QueryAsync(WorkOrderQuery q, CancellationToken ct)
    {
        var matches = _items.Values
            .Where(o => o.DistrictId == q.DistrictId)
            .Where(o => q.Statuses.Count == 0 || q.Statuses.Contains(o.Status))
            .Where(o => q.CategoryCode is null || o.CategoryCode == q.CategoryCode)
            .Where(o => q.StewardId is null || o.AssignedStewardId == q.StewardId)
            .Where(o => q.Bounds is not { } b || b.Contains(o.Location))
            .Where(o => q.Since is not { } s || o.UpdatedAt >= s)
            .OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id)
            .ToList();
        var offset = q.ContinuationToken is null ? 0 : int.Parse(q.ContinuationToken);
        var items = matches.Skip(offset).Take(Math.Clamp(q.PageSize, 1, 1000)).Select(WorkOrder.Rehydrate).ToList();
        var next = offset + items.Count < matches.Count ? (offset + items.Count).ToString() : null;
        return Task.FromResult(new Page<WorkOrder>(items, next));
    }

    public Task<IReadOnlyList<WorkOrder>> ListOpenAsync(string districtId, string categoryCode, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<WorkOrder>>(_items.Values
            .Where(o => o.DistrictId == districtId && o.CategoryCode == categoryCode && WorkOrder.IsOpenStatus(o.Status))
            .Select(WorkOrder.Rehydrate).ToList());

    public Task<IReadOnlyList<WorkOrder>> ListWithUnpublishedEventsAsync(string districtId, int max, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<WorkOrder>>(_items.Values
            .Where(o => o.DistrictId == districtId && o.PublishedEventCount < o.Events.Count)
            .Take(max).Select(WorkOrder.Rehydrate).ToList());
}

internal sealed class InMemoryStewardRepository : IStewardRepository
{
    private readonly ConcurrentDictionary<(string, string), Steward> _items = new();
    private readonly object _gate = new();

    public Task<Steward?> GetAsync(string districtId, string id, CancellationToken ct) =>
        Task.FromResult(_items.TryGetValue((districtId, id), out var s) ? Copy.Of(s) : null);

    public Task<IReadOnlyList<Steward>> ListAsync(string districtId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Steward>>(_items.Values.Where(s => s.DistrictId == districtId).Select(Copy.Of).ToList());

    public Task<Steward?> FindByUserObjectIdAsync(string districtId, string userObjectId, CancellationToken ct) =>
        Task.FromResult(_items.Values.Where(s => s.DistrictId == districtId && s.UserObjectId == userObjectId)
            .OrderBy(s => s.Id, StringComparer.Ordinal).Select(Copy.Of).FirstOrDefault());

    public Task<bool> TryCreateAsync(Steward steward, CancellationToken ct)
    {
        lock (_gate)
        {
            var etag = Guid.NewGuid().ToString();
            var stored = Copy.Of(steward);
            stored.ETag = etag;
            if (!_items.TryAdd((steward.DistrictId, steward.Id), stored)) return Task.FromResult(false);
            steward.ETag = etag;
            return Task.FromResult(true);
        }
    }

    public Task ReplaceAsync(Steward steward, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(steward.ETag)) throw new InvalidOperationException($"Steward '{steward.Id}' has no ETag: read it before replacing it.");
        lock (_gate)
        {
            if (!_items.TryGetValue((steward.DistrictId, steward.Id), out var stored)) throw new ConcurrencyConflictException($"Steward {steward.Id} no longer exists.");
            if (stored.ETag != steward.ETag) throw new ConcurrencyConflictException($"Steward {steward.Id}: ETag {steward.ETag} is stale.");
            steward.ETag = Guid.NewGuid().ToString();
            _items[(steward.DistrictId, steward.Id)] = Copy.Of(steward);
            return Task.CompletedTask;
        }
    }
}

internal sealed class InMemoryDeviceStateRepository : IDeviceStateRepository
{
    private readonly ConcurrentDictionary<(string, string), DeviceState> _items = new();
    private readonly object _gate = new();

    public Task<DeviceState?> GetAsync(string districtId, string deviceId, CancellationToken ct) =>
        Task.FromResult(_items.TryGetValue((districtId, deviceId), out var s) ? Copy.Of(s) : null);

    public Task<IReadOnlyList<DeviceState>> ListAsync(string districtId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<DeviceState>>(_items.Values.Where(s => s.DistrictId == districtId).Select(Copy.Of).ToList());

    public Task<bool> TryCreateAsync(DeviceState state, CancellationToken ct)
    {
        lock (_gate)
        {
            var etag = Guid.NewGuid().ToString();
            var stored = Copy.Of(state);
            stored.ETag = etag;
            if (!_items.TryAdd((state.DistrictId, state.Id), stored)) return Task.FromResult(false);
            state.ETag = etag;
            return Task.FromResult(true);
        }
    }

    public Task ReplaceAsync(DeviceState state, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state.ETag)) throw new InvalidOperationException($"Device state '{state.Id}' has no ETag: read it before replacing it.");
        lock (_gate)
        {
            if (!_items.TryGetValue((state.DistrictId, state.Id), out var stored)) throw new ConcurrencyConflictException($"Device state {state.Id} no longer exists.");
            if (stored.ETag != state.ETag) throw new ConcurrencyConflictException($"Device {state.Id}: ETag {state.ETag} is stale.");
            state.ETag = Guid.NewGuid().ToString();
            _items[(state.DistrictId, state.Id)] = Copy.Of(state);
            return Task.CompletedTask;
        }
    }
}

internal sealed class InMemoryFrameStore : IFrameStore
{
    private readonly ConcurrentDictionary<string, FrameContent> _frames = new();
    public void Add(FrameCapture capture) =>
        _frames[capture.BlobName] = new FrameContent(capture, new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, "image/jpeg", new Dictionary<string, string>());
    public Task<FrameContent?> ReadAsync(string blobName, CancellationToken ct) => Task.FromResult(_frames.TryGetValue(blobName, out var f) ? f : null);
}

/// <summary>A detector that reports what the test says each frame shows: the vision service is paid and remote.</summary>
internal sealed class ScriptedDetector : IDetector
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<DetectedObject>> _script = new();
    public int Calls;
    public string Name => "scripted";
    public bool IsSimulation => true;
    public void Show(string blobName, params DetectedObject[] objects) => _script[blobName] = objects;

    public Task<DetectionResult> DetectAsync(FrameContent frame, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        return Task.FromResult(new DetectionResult(Name, true, _script.TryGetValue(frame.Capture.BlobName, out var o) ? o : [], []));
    }
}

/// <summary>Keeps what would have gone to ops-events, in order.</summary>
internal sealed class InMemoryOpsEventPublisher : IOpsEventPublisher
{
    private readonly ConcurrentQueue<Yunbao.Application.OpsEvents.OpsEvent> _published = new();

    public IReadOnlyList<Yunbao.Application.OpsEvents.OpsEvent> Published => [.. _published];

    public Task PublishAsync(string orderId, IReadOnlyList<Yunbao.Application.OpsEvents.OpsEvent> events, CancellationToken ct)
    {
        foreach (var e in events) _published.Enqueue(e);
        return Task.CompletedTask;
    }
}
