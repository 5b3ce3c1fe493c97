namespace Yunbao.Domain.WorkOrders;

/// <summary>Roles an <see cref="Actor"/> can have (the same names as the Entra app roles).</summary>
public static class ActorRoles
{
    public const string Steward = "steward";
    public const string Dispatcher = "dispatcher";
    public const string Admin = "admin";
    public const string System = "system";
    public const string Patrol = "patrol";
    public const string Citizen = "citizen";
    public const string Operator = "operator";
}
