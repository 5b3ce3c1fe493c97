using Yunbao.Application.Operations;

namespace Yunbao.Functions.Http;

public sealed record StewardSuggestionResource(StewardPresenceResource Steward, double DistanceMeters)
{
    public static StewardSuggestionResource From(StewardSuggestion s) => new(StewardPresenceResource.From(s.Presence), Math.Round(s.DistanceMeters));
}
