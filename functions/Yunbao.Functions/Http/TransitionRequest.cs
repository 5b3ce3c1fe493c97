
namespace Yunbao.Functions.Http;

/// <summary>Body of POST workorders/{id}/transitions.</summary>
public sealed record TransitionRequest(string? Action, string? StewardId, string? Note, IReadOnlyList<string>? Evidence, double? Lon, double? Lat);
