using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Incidents;

namespace Yunbao.Bench;

/// <summary>What the heatmap benchmarks share: options, a synthetic catalog, a clock, an incident list and an in-memory store.</summary>
internal static class BenchSupport
{
    public static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>14 categories shaped like the real ones, so layer counts match production without depending on its data.</summary>
    public static List<ViolationCategory> SyntheticCategories() => Enumerable.Range(1, 14).Select(i => new ViolationCategory
    {
        Code = $"category-{i:00}", NameZh = $"类别{i}", NameEn = $"Category {i}", DefaultSeverity = (Severity)(1 + i % 4),
        DispatchSlaMinutes = 30, ResolveSlaMinutes = 120, DedupeRadiusMeters = 30, DedupeWindowMinutes = 60,
        EvidenceLabels = [$"label-{i}"], Zones = [ZoneType.Other],
    }).ToList();
}

internal sealed class SteppedClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;
    public void Advance(TimeSpan by) => _now += by;
    public override DateTimeOffset GetUtcNow() => _now;
}

/// <summary>Only what the rollup reads: incidents by observation time.</summary>
internal sealed class IncidentList(IReadOnlyList<Incident> incidents) : IIncidentRepository
{
    public async IAsyncEnumerable<Incident> ListObservedBetweenAsync(string districtId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.CompletedTask;
        foreach (var i in incidents)
            if (i.ObservedAt >= from && i.ObservedAt < to) yield return i;
    }

    public Task<bool> TryAddAsync(Incident incident, CancellationToken ct) => throw new NotSupportedException();
    public Task<Incident?> GetAsync(string districtId, string id, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<Incident>> ListRecentAsync(string districtId, string categoryCode, DateTimeOffset since, CancellationToken ct) => throw new NotSupportedException();
    public Task SetWorkOrderAsync(string districtId, string incidentId, string workOrderId, CancellationToken ct) => throw new NotSupportedException();
}

/// <summary>Tiles and documents in memory, counting writes: the benchmarks measure rendering, not storage latency.</summary>
internal sealed class MemoryHeatmapStore : IHeatmapStore
{
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<byte>> _tiles = new();
    private readonly ConcurrentDictionary<string, string> _documents = new();
    private int _tileWrites;
    public int TileWrites => _tileWrites;
    public long Bytes => _tiles.Values.Sum(t => (long)t.Length);

    public Task WriteTileAsync(string layer, string window, int z, int x, int y, ReadOnlyMemory<byte> png, CancellationToken ct)
    {
        Interlocked.Increment(ref _tileWrites);
        _tiles[$"{layer}/{window}/{z}/{x}/{y}"] = png;
        return Task.CompletedTask;
    }

    public Task<ReadOnlyMemory<byte>?> ReadTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct) =>
        Task.FromResult(_tiles.TryGetValue($"{layer}/{window}/{z}/{x}/{y}", out var t) ? (ReadOnlyMemory<byte>?)t : null);

    public Task DeleteTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct)
    {
        _tiles.TryRemove($"{layer}/{window}/{z}/{x}/{y}", out _);
        return Task.CompletedTask;
    }

    public Task WriteDocumentAsync(string path, string json, CancellationToken ct)
    {
        _documents[path] = json;
        return Task.CompletedTask;
    }

    public Task<string?> ReadDocumentAsync(string path, CancellationToken ct) =>
        Task.FromResult(_documents.TryGetValue(path, out var d) ? d : null);
}
