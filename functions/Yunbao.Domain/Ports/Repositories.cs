using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Domain.Ports;

/// <summary>Thrown by a repository when the stored document changed since it was read (HTTP 412) or already exists (409).</summary>
public sealed class ConcurrencyConflictException(string message, bool alreadyExists = false) : Exception(message)
{
    /// <summary>True for a create that found the id taken (409); false for a stale ETag (412).</summary>
    public bool AlreadyExists { get; } = alreadyExists;
}

/// <summary>One page of a listing; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public sealed record WorkOrderQuery
{
    public required string DistrictId { get; init; }
    public IReadOnlyList<WorkOrderStatus> Statuses { get; init; } = [];
    public string? CategoryCode { get; init; }
    public string? StewardId { get; init; }
    public GeoBounds? Bounds { get; init; }
    public DateTimeOffset? Since { get; init; }
    public int PageSize { get; init; } = 50;
    public string? ContinuationToken { get; init; }
}

public interface IIncidentRepository
{
    /// <summary>Stores the incident; returns false (and changes nothing) when one with the same id exists.</summary>
    Task<bool> TryAddAsync(Incident incident, CancellationToken ct);
    Task<Incident?> GetAsync(string districtId, string id, CancellationToken ct);
    /// <summary>Incidents of one category observed at or after <paramref name="since"/> (for persistence and dedupe checks).</summary>
    Task<IReadOnlyList<Incident>> ListRecentAsync(string districtId, string categoryCode, DateTimeOffset since, CancellationToken ct);
    /// <summary>All incidents observed in [from, to) for heatmaps and statistics.</summary>
    IAsyncEnumerable<Incident> ListObservedBetweenAsync(string districtId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
    /// <summary>Links an incident to the order it opened or joined (idempotent).</summary>
    Task SetWorkOrderAsync(string districtId, string incidentId, string workOrderId, CancellationToken ct);
}

public interface IWorkOrderRepository
{
    Task<WorkOrder?> GetAsync(string districtId, string id, CancellationToken ct);
    /// <summary>Creates the order; returns false when an order with the same id already exists.</summary>
    Task<bool> TryCreateAsync(WorkOrder order, CancellationToken ct);
    /// <summary>Replaces the stored order if its ETag still equals order.ETag; updates order.ETag. Throws <see cref="ConcurrencyConflictException"/> otherwise.</summary>
    Task ReplaceAsync(WorkOrder order, CancellationToken ct);
    Task<Page<WorkOrder>> QueryAsync(WorkOrderQuery query, CancellationToken ct);
    /// <summary>Open orders of one category in a district (dedupe candidates).</summary>
    Task<IReadOnlyList<WorkOrder>> ListOpenAsync(string districtId, string categoryCode, CancellationToken ct);
}

public interface IStewardRepository
{
    Task<Steward?> GetAsync(string districtId, string id, CancellationToken ct);
    Task<IReadOnlyList<Steward>> ListAsync(string districtId, CancellationToken ct);
    /// <summary>Creates or replaces; when steward.ETag is set the write only succeeds if it is still current.</summary>
    Task UpsertAsync(Steward steward, CancellationToken ct);
}

public interface IFrameStore
{
    /// <summary>Reads a frame and its capture metadata from the `frames` container; null when missing.</summary>
    Task<FrameContent?> ReadAsync(string blobName, CancellationToken ct);
}

/// <summary>Where heatmap pyramids go (Blob `heatmaps/{layer}/{window}/{z}/{x}/{y}.png`).</summary>
public interface IHeatmapStore
{
    Task WriteTileAsync(string layer, string window, int z, int x, int y, ReadOnlyMemory<byte> png, CancellationToken ct);
    Task<ReadOnlyMemory<byte>?> ReadTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct);
    Task WriteDocumentAsync(string path, string json, CancellationToken ct);
    Task<string?> ReadDocumentAsync(string path, CancellationToken ct);
    /// <summary>
    /// Removes a tile a previous rollup wrote that has no heat any more. Idempotent (a missing tile is fine).
    /// The default overwrites it with a transparent tile; stores that can delete should override this.
    /// </summary>
    Task DeleteTileAsync(string layer, string window, int z, int x, int y, CancellationToken ct) =>
        WriteTileAsync(layer, window, z, x, y, Yunbao.Domain.Heatmaps.TransparentTile.Png, ct);
}

/// <summary>Encodes RGBA pixels to PNG (SkiaSharp in Infrastructure).</summary>
public interface IPngEncoder
{
    byte[] Encode(ReadOnlySpan<byte> rgba, int width, int height);
}
