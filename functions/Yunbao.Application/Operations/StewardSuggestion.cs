namespace Yunbao.Application.Operations;

/// <summary>Whom to send to an order: an available, fresh steward with room, and how far they are.</summary>
public sealed record StewardSuggestion(StewardPresence Presence, double DistanceMeters);
