using System.Runtime.CompilerServices;
using Amqp;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// The reply links of one connection, found by a request's reply-to: the .NET client names the receiver link's target
/// address, the Node client (rhea) the receiver link's name, so both are keys.
/// </summary>
internal sealed class ReplyLinks
{
    private static readonly ConditionalWeakTable<Connection, ReplyLinks> ByConnection = [];
    private readonly Dictionary<string, ReplyLinkEndpoint> _links = new(StringComparer.Ordinal);

    public static ReplyLinks Of(Connection connection) => ByConnection.GetValue(connection, _ => new ReplyLinks());

    public void Add(IEnumerable<string?> keys, ReplyLinkEndpoint link)
    {
        lock (_links) foreach (var key in keys) if (!string.IsNullOrEmpty(key)) _links[key] = link;
    }

    public void Remove(ReplyLinkEndpoint link)
    {
        lock (_links) foreach (var key in _links.Where(p => p.Value == link).Select(p => p.Key).ToList()) _links.Remove(key);
    }

    public ReplyLinkEndpoint? Find(string? replyTo)
    {
        if (replyTo is null) return null;
        lock (_links) return _links.GetValueOrDefault(replyTo);
    }
}
