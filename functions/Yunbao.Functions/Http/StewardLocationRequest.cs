
namespace Yunbao.Functions.Http;

/// <summary>Body of POST stewards/{id}/location.</summary>
public sealed record StewardLocationRequest(double? Lon, double? Lat, bool? Available);
