using Yunbao.Domain.Stewards;

namespace Yunbao.Application.Ports;

/// <summary>Stewards in the `stewards` container (partition key /districtId). No write overwrites blindly.</summary>
public interface IStewardRepository
{
    Task<Steward?> GetAsync(string districtId, string id, CancellationToken ct);
    Task<IReadOnlyList<Steward>> ListAsync(string districtId, CancellationToken ct);
    /// <summary>The steward whose <see cref="Steward.UserObjectId"/> is <paramref name="userObjectId"/> (a single-partition query); null when none.</summary>
    Task<Steward?> FindByUserObjectIdAsync(string districtId, string userObjectId, CancellationToken ct);
    /// <summary>
    /// Create-only: stores a steward that does not exist yet and sets steward.ETag. Returns false (and changes
    /// nothing) when one with the same id exists (409): read it and replace with its ETag instead.
    /// </summary>
    Task<bool> TryCreateAsync(Steward steward, CancellationToken ct);
    /// <summary>
    /// Replace with If-Match: writes only if the stored ETag still equals steward.ETag (which must be set), then
    /// updates steward.ETag. Throws <see cref="ConcurrencyConflictException"/> when it changed (412) or is gone.
    /// </summary>
    Task ReplaceAsync(Steward steward, CancellationToken ct);
}
