using Microsoft.Azure.Cosmos;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Stewards;

namespace Yunbao.Infrastructure.Cosmos;

public sealed record StewardDocument : CosmosDocument
{
    public required string Name { get; init; }
    public string? UserObjectId { get; init; }
    public required GeoJsonPoint Location { get; init; }
    public double Lon { get; init; }
    public double Lat { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public long LastSeenAtMs { get; init; }
    public bool Available { get; init; }
    public List<string> ActiveOrderIds { get; init; } = [];
    public int Capacity { get; init; }

    public static StewardDocument From(Steward s) => new()
    {
        Id = s.Id,
        DistrictId = s.DistrictId,
        Name = s.Name,
        UserObjectId = s.UserObjectId,
        Location = GeoJsonPoint.From(s.Location),
        Lon = s.Location.Lon,
        Lat = s.Location.Lat,
        LastSeenAt = s.LastSeenAt,
        LastSeenAtMs = CosmosTime.Ms(s.LastSeenAt),
        Available = s.Available,
        ActiveOrderIds = [.. s.ActiveOrderIds],
        Capacity = s.Capacity,
    };

    public Steward ToDomain() => new()
    {
        Id = Id,
        DistrictId = DistrictId,
        Name = Name,
        UserObjectId = UserObjectId,
        Location = new GeoPoint(Lon, Lat),
        LastSeenAt = LastSeenAt,
        Available = Available,
        ActiveOrderIds = [.. ActiveOrderIds],
        Capacity = Capacity,
        ETag = ETag,
    };
}
