using System.Runtime.CompilerServices;
using Amqp;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// The audiences a connection has put valid tokens for ($cbs). A link may attach only to an entity covered by one: the
/// namespace itself, or the hub (first path segment of the audience).
/// </summary>
internal sealed class ConnectionAuthorization
{
    private static readonly ConditionalWeakTable<Connection, ConnectionAuthorization> ByConnection = [];
    private readonly HashSet<string> _scopes = new(StringComparer.OrdinalIgnoreCase);

    public static ConnectionAuthorization Of(Connection connection) => ByConnection.GetValue(connection, _ => new ConnectionAuthorization());

    public void Grant(string audience)
    {
        lock (_scopes) _scopes.Add(ScopeOf(audience));
    }

    public bool Covers(string hubName)
    {
        lock (_scopes) return _scopes.Contains("") || _scopes.Contains(hubName);
    }

    /// <summary>"sb://host/hub/ConsumerGroups/x" → "hub"; "sb://host/" → "" (the whole namespace).</summary>
    public static string ScopeOf(string audience)
    {
        var path = Uri.TryCreate(audience, UriKind.Absolute, out var uri) ? uri.AbsolutePath : audience;
        var trimmed = path.Trim('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? trimmed : trimmed[..slash];
    }
}
