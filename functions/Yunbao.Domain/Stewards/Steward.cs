using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Stewards;

/// <summary>A city steward (网格员) who fixes street problems.</summary>
public sealed class Steward
{
    public required string Id { get; init; }
    public required string DistrictId { get; init; }
    public required string Name { get; set; }
    /// <summary>The signed-in user's Entra object id (`oid`): how a steward principal is mapped to this steward. Null: nobody signs in as them.</summary>
    public string? UserObjectId { get; init; }
    public GeoPoint Location { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public bool Available { get; set; } = true;
    /// <summary>Orders dispatched to or accepted by this steward and not yet resolved.</summary>
    public List<string> ActiveOrderIds { get; init; } = [];
    public int Capacity { get; set; } = 3;
    public string? ETag { get; set; }

    public bool HasCapacity => Available && ActiveOrderIds.Count < Capacity;
}
