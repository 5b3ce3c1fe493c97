namespace Yunbao.Domain.WorkOrders;

/// <summary>Who did a transition: a steward, a dispatcher, the system (rules, SLA timer), a patrol pass.</summary>
public sealed record Actor(string Id, string Role)
{
    public static readonly Actor System = new("system", "system");

    /// <summary>A patrol vehicle's pass that verifies or reopens resolved orders.</summary>
    public static Actor Patrol(string deviceId) => new($"patrol:{deviceId}", ActorRoles.Patrol);

    public static Actor Steward(string stewardId) => new(stewardId, ActorRoles.Steward);

    public bool IsStaff => Role is ActorRoles.Dispatcher or ActorRoles.System or ActorRoles.Admin;
}
