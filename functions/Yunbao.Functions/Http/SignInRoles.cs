using System.Text.Json;

namespace Yunbao.Functions.Http;

/// <summary>
/// The rolesSource mapping: Static Web Apps posts the identity provider's view of the user who just signed in
/// ({identityProvider, userId, userDetails, claims:[{typ, val}], accessToken}) and takes {"roles":[...]} back, which it adds
/// to the user's userRoles. Only app roles and groups configured in <see cref="SignInRolesOptions"/> grant anything.
/// </summary>
public static class SignInRoles
{
    public const int MaxClaims = 500;

    private static readonly string[] RoleClaimTypes = ["roles", "role", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];
    private static readonly string[] GroupClaimTypes = ["groups", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"];

    /// <summary>The Yunbao roles for the claims of <paramref name="body"/>, sorted; throws <see cref="RequestRejectedException"/> (400) for a body that is not that shape.</summary>
    public static IReadOnlyList<string> Map(JsonElement body, SignInRolesOptions options)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("claims", out var claims) || claims.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
            throw RequestRejectedException.Invalid(new Dictionary<string, string[]> { ["claims"] = ["Expected the identity provider's claims: an array of {typ, val}."] });
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        if (claims.ValueKind == JsonValueKind.Null) return [.. roles];
        if (claims.GetArrayLength() > MaxClaims)
            throw RequestRejectedException.Invalid(new Dictionary<string, string[]> { ["claims"] = [$"At most {MaxClaims} claims."] });
        foreach (var c in claims.EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.Object || Text(c, "typ") is not { } typ || Text(c, "val") is not { } val) continue;
            var map = RoleClaimTypes.Contains(typ, StringComparer.OrdinalIgnoreCase) ? options.AppRoles
                : GroupClaimTypes.Contains(typ, StringComparer.OrdinalIgnoreCase) ? options.Groups : null;
            // A mapping to a role the functions do not know is a configuration slip: it grants nothing.
            if (map is not null && map.TryGetValue(val, out var role) && SignInRolesOptions.Grantable.Contains(role)) roles.Add(role);
        }
        return [.. roles];
    }

    private static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
