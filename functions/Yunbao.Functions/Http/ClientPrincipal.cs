using System.Text;
using System.Text.Json;

namespace Yunbao.Functions.Http;

/// <summary>
/// The caller as App Service authentication (Easy Auth) describes it in the X-MS-CLIENT-PRINCIPAL header: Base64 JSON
/// with auth_typ, name_typ, role_typ and claims [{typ, val}] (the Static Web Apps shape, userId/userRoles, is read too).
/// <see cref="Id"/> is the user's Entra object id (`oid`): it is never a steward id. A steward principal becomes a
/// steward only through the `stewards` container's userObjectId (<see cref="HttpApi"/>). No other header is read:
/// X-MS-CLIENT-PRINCIPAL-ID and friends are whatever the caller sent.
/// </summary>
public sealed record ClientPrincipal(string Id, string Name, IReadOnlySet<string> Roles, bool IsDevPrincipal = false)
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    public const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    private static readonly string[] ObjectIdClaims = [ObjectIdClaim, "oid"];

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>The local dev principal (LocalMode only): labelled as such in its name and id, never a signed-in user.</summary>
    public static ClientPrincipal LocalDev(string role) => new($"local-dev-{role}", $"LOCAL DEV PRINCIPAL ({role}; LocalMode only, not a signed-in user)",
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { role }, IsDevPrincipal: true);

    /// <summary>Parses the header value; null when it is absent or not a principal with an object id.</summary>
    public static ClientPrincipal? Parse(string? headerValue)
    {
        if (string.IsNullOrWhiteSpace(headerValue) || headerValue.Length > HttpLimits.MaxPrincipalHeaderLength) return null;
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(headerValue.Trim())));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string? id = null, name = null;

            if (root.TryGetProperty("userRoles", out var userRoles) && userRoles.ValueKind == JsonValueKind.Array)
                foreach (var r in userRoles.EnumerateArray()) if (r.ValueKind == JsonValueKind.String && r.GetString() is { } s) roles.Add(s);
            if (root.TryGetProperty("userId", out var uid) && uid.ValueKind == JsonValueKind.String) id = uid.GetString();
            if (root.TryGetProperty("userDetails", out var ud) && ud.ValueKind == JsonValueKind.String) name = ud.GetString();

            if (root.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
            {
                var roleType = Text(root, "role_typ");
                var nameType = Text(root, "name_typ");
                string? oid = null;
                foreach (var c in claims.EnumerateArray())
                {
                    if (c.ValueKind != JsonValueKind.Object || Text(c, "typ") is not { } typ || Text(c, "val") is not { } val) continue;
                    if (typ == roleType || typ is "roles" or "role" or "http://schemas.microsoft.com/ws/2008/06/identity/claims/role")
                        roles.Add(val);
                    if (name is null && (typ == nameType || typ is "name" or "preferred_username")) name = val;
                    if (oid is null && ObjectIdClaims.Contains(typ)) oid = val;
                }
                id = oid ?? id;
            }
            if (!Yunbao.Contracts.Validation.Identifier.IsValid(id)) return null;
            return new ClientPrincipal(id, name ?? id, roles);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Builds a header value as Easy Auth does, with the user's object id as the `oid` claim (for tests and local tools).</summary>
    public static string Encode(string objectId, string name, params string[] roles)
    {
        var claims = new List<object> { new { typ = "name", val = name }, new { typ = ObjectIdClaim, val = objectId } };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}
