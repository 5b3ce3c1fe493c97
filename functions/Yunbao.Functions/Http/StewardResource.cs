
namespace Yunbao.Functions.Http;

public sealed record StewardResource(string Id, string DistrictId, string Name, LocationResource Location, DateTimeOffset LastSeenAt,
    bool Available, IReadOnlyList<string> ActiveOrderIds, int Capacity);
