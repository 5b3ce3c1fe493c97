using Yunbao.Domain.WorkOrders;

namespace Yunbao.Functions.Http;

/// <summary>
/// Who is calling and as what: the principal, the role they act in on this route, and for a steward the steward id
/// their user object id maps to (never a value the caller chose, except the local dev principal's explicit pick).
/// </summary>
public sealed record CallerIdentity(ClientPrincipal Principal, string Role, string? StewardId)
{
    public bool IsSteward => Role == Roles.Steward;

    public bool IsDevPrincipal => Principal.IsDevPrincipal;

    /// <summary>The actor recorded on work-order events: the signed-in person in the role they act in.</summary>
    public Actor ToActor() => IsSteward ? Actor.Steward(StewardId!) : new Actor(Principal.Id, Role);
}
