using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Yunbao.Application.Ports;

namespace Yunbao.Application.Tests.Fakes;

/// <summary>Test-only heatmap store: tiles and documents in dictionaries, with a real delete.</summary>
internal sealed class InMemoryHeatmapStore : IHeatmapStore
{
    public ConcurrentDictionary<string, byte[]> Tiles { get; } = new();
    public ConcurrentDictionary<string, string> Documents { get; } = new();
    public int Deletes;

    public static string Key(string layer, string window, int z, int x, int y) => $"{layer}/{window}/{z}/{x}/{y}";

    /// <summary>Makes tile writes fail after this many succeeded (a rollup dying while it writes tiles).</summary>
    public int? FailWritesAfter { get; set; }
    private int _writes;
    public int TileWrites => _writes;
    /// <summary>Keys of every tile write that succeeded, in order.</summary>
    public ConcurrentQueue<string> TileWriteLog { get; } = new();

    public Task WriteTileAsync(string layer, string window, int z, int x, int y, ReadOnlyMemory<byte> png, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _writes) > FailWritesAfter) throw new IOException("storage unavailable");
        Tiles[Key(layer, window, z, x, y)] = png.ToArray();
        TileWriteLog.Enqueue(Key(layer, window, z, x, y));
        return Task.CompletedTask;
    }

    public Task<ReadOnlyMemory<byte>?> ReadTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct) =>
        Task.FromResult<ReadOnlyMemory<byte>?>(Tiles.TryGetValue(Key(layer, window, z, x, y), out var b) ? b : null);

    public Task WriteDocumentAsync(string path, string json, CancellationToken ct)
    {
        Documents[path] = json;
        return Task.CompletedTask;
    }

    public Task<string?> ReadDocumentAsync(string path, CancellationToken ct) =>
        Task.FromResult(Documents.TryGetValue(path, out var d) ? d : null);

    /// <summary>Makes deletes fail after this many succeeded (a rollup dying halfway through its clean-up).</summary>
    public int? FailDeletesAfter { get; set; }

    public Task DeleteTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct)
    {
        if (Interlocked.Increment(ref Deletes) > FailDeletesAfter) throw new IOException("storage unavailable");
        Tiles.TryRemove(Key(layer, window, z, x, y), out _);
        return Task.CompletedTask;
    }

    /// <summary>Tiles of one pyramid as "z/x/y".</summary>
    public IReadOnlySet<string> TilesOf(string layer, string window) =>
        Tiles.Keys.Where(k => k.StartsWith($"{layer}/{window}/", StringComparison.Ordinal))
            .Select(k => k[(layer.Length + window.Length + 2)..]).ToHashSet();
}

/// <summary>A store that only writes: the port's default DeleteTileAsync must overwrite with a transparent tile.</summary>
internal sealed class WriteOnlyHeatmapStore : IHeatmapStore
{
    public ConcurrentDictionary<string, byte[]> Tiles { get; } = new();
    public ConcurrentDictionary<string, string> Documents { get; } = new();

    public Task WriteTileAsync(string layer, string window, int z, int x, int y, ReadOnlyMemory<byte> png, CancellationToken ct)
    {
        Tiles[InMemoryHeatmapStore.Key(layer, window, z, x, y)] = png.ToArray();
        return Task.CompletedTask;
    }

    public Task<ReadOnlyMemory<byte>?> ReadTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct) =>
        Task.FromResult<ReadOnlyMemory<byte>?>(Tiles.TryGetValue(InMemoryHeatmapStore.Key(layer, window, z, x, y), out var b) ? b : null);

    public Task WriteDocumentAsync(string path, string json, CancellationToken ct)
    {
        Documents[path] = json;
        return Task.CompletedTask;
    }

    public Task<string?> ReadDocumentAsync(string path, CancellationToken ct) =>
        Task.FromResult(Documents.TryGetValue(path, out var d) ? d : null);
}
