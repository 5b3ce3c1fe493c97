using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Functions.Http;

/// <summary>
/// The caller as App Service authentication (Easy Auth) describes it in the X-MS-CLIENT-PRINCIPAL header:
/// Base64 JSON with auth_typ, name_typ, role_typ and claims [{typ, val}]. The Static Web Apps shape
/// (userId, userRoles) is accepted too.
/// </summary>
public sealed record ClientPrincipal(string Id, string Name, IReadOnlySet<string> Roles, bool IsDevPrincipal = false)
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";
    public const string IdHeaderName = "X-MS-CLIENT-PRINCIPAL-ID";

    /// <summary>Used only when LocalMode is true and the request has no principal header.</summary>
    public static readonly ClientPrincipal Dev = new("dev-dispatcher", "Local developer (dev principal)",
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Yunbao.Functions.Http.Roles.Dispatcher }, IsDevPrincipal: true);

    private static readonly string[] StewardIdClaims = ["stewardId", "steward_id", "extension_stewardId"];
    private static readonly string[] ObjectIdClaims =
    [
        "http://schemas.microsoft.com/identity/claims/objectidentifier", "oid", "sub",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier",
    ];

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>The actor recorded on work order events: the most privileged role the caller has.</summary>
    public Actor ToActor() => new(Id, IsInRole(Http.Roles.Dispatcher) ? Http.Roles.Dispatcher
        : IsInRole(Http.Roles.Steward) ? Http.Roles.Steward
        : IsInRole(Http.Roles.Citizen) ? Http.Roles.Citizen : "anonymous");

    /// <summary>Parses the header value; null when it is absent or not a principal.</summary>
    public static ClientPrincipal? Parse(string? headerValue, string? idHeader = null)
    {
        if (string.IsNullOrWhiteSpace(headerValue)) return null;
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(headerValue.Trim())));
            var root = doc.RootElement;
            var roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string? id = idHeader, name = null;

            if (root.TryGetProperty("userRoles", out var userRoles) && userRoles.ValueKind == JsonValueKind.Array)
                foreach (var r in userRoles.EnumerateArray()) if (r.GetString() is { } s) roles.Add(s);
            if (root.TryGetProperty("userId", out var uid)) id ??= uid.GetString();
            if (root.TryGetProperty("userDetails", out var ud)) name = ud.GetString();

            if (root.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
            {
                var roleType = root.TryGetProperty("role_typ", out var rt) ? rt.GetString() : null;
                var nameType = root.TryGetProperty("name_typ", out var nt) ? nt.GetString() : null;
                var byType = new List<(string Typ, string Val)>();
                foreach (var c in claims.EnumerateArray())
                {
                    var typ = c.TryGetProperty("typ", out var t) ? t.GetString() : null;
                    var val = c.TryGetProperty("val", out var v) ? v.GetString() : null;
                    if (typ is null || val is null) continue;
                    byType.Add((typ, val));
                    if (typ == roleType || typ is "roles" or "role" or "http://schemas.microsoft.com/ws/2008/06/identity/claims/role")
                        roles.Add(val);
                    if (name is null && (typ == nameType || typ is "name" or "preferred_username")) name = val;
                }
                // A steward's id claim wins over the directory object id: orders are assigned to steward ids.
                string? Claim(IEnumerable<string> types) => types.Select(t => byType.FirstOrDefault(x => x.Typ == t).Val).FirstOrDefault(v => v is not null);
                id = Claim(StewardIdClaims) ?? id ?? Claim(ObjectIdClaims);
            }
            if (string.IsNullOrEmpty(id)) return null;
            return new ClientPrincipal(id, name ?? id, roles);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Builds a header value (for tests and local tools).</summary>
    public static string Encode(string id, string name, params string[] roles)
    {
        var claims = new List<object> { new { typ = "name", val = name }, new { typ = "stewardId", val = id } };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}
