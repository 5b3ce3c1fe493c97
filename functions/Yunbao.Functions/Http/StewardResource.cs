using Yunbao.Domain.Stewards;

namespace Yunbao.Functions.Http;

public sealed record StewardResource(string Id, string DistrictId, string Name, LocationResource Location, DateTimeOffset LastSeenAt,
    bool Available, IReadOnlyList<string> ActiveOrderIds, int Capacity, string? UserObjectId)
{
    public static StewardResource From(Steward s) =>
        new(s.Id, s.DistrictId, s.Name, LocationResource.From(s.Location), s.LastSeenAt, s.Available, s.ActiveOrderIds, s.Capacity, s.UserObjectId);
}
