namespace Yunbao.Functions.Http;

/// <summary>
/// How Entra ID sign-in becomes Yunbao roles in Azure Static Web Apps (its rolesSource function, <see cref="Triggers.SignInRolesApi"/>).
/// Bound from configuration section "SignInRoles" (app settings SignInRoles__AppRoles__Ops.Admin=operator,
/// SignInRoles__Groups__{group object id}=steward). Keys compare case-insensitively.
/// </summary>
public sealed class SignInRolesOptions
{
    public const string Section = "SignInRoles";

    /// <summary>The roles a mapping may grant: what the functions check (an admin is an operator here).</summary>
    public static readonly IReadOnlySet<string> Grantable = new HashSet<string>(StringComparer.Ordinal) { Roles.Dispatcher, Roles.Steward, Roles.Operator, Roles.Citizen };

    /// <summary>Entra app role value (the token's `roles` claim) → Yunbao role. The defaults are the app roles infra-bicep/entra/app-registration.json declares, and "admin".</summary>
    public Dictionary<string, string> AppRoles { get; init; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [Roles.Dispatcher] = Roles.Dispatcher,
        [Roles.Steward] = Roles.Steward,
        [Roles.Operator] = Roles.Operator,
        [Roles.Citizen] = Roles.Citizen,
        ["admin"] = Roles.Operator,
    };

    /// <summary>Entra group object id (the token's `groups` claim) → Yunbao role. Empty unless a deployment sets it.</summary>
    public Dictionary<string, string> Groups { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}
