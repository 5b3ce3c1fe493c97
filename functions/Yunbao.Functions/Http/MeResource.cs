namespace Yunbao.Functions.Http;

/// <summary>GET /api/me: the signed-in caller (object id, name, roles), the role they act in, and the steward they are (null when none).</summary>
public sealed record MeResource(string Id, string Name, IReadOnlyList<string> Roles, string ActingAs, string? StewardId, bool LocalDevPrincipal);
