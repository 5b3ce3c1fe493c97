using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Yunbao.IotHubStandIn;

/// <summary>An edgeHub route: FROM {Source} [WHERE {Condition}] INTO {Sink}.</summary>
public sealed partial record EdgeRoute(string Name, string Source, string? Condition, string Sink)
{
    /// <summary>True when a message from <paramref name="moduleId"/> on output <paramref name="outputName"/> (null: no $.on) goes to $upstream.</summary>
    public bool SendsUpstream(string moduleId, string? outputName)
    {
        if (Sink != "$upstream") return false;
        var parts = Source.Trim('/').Split('/');
        // "/*", "/messages/*", "/messages/modules/*", "/messages/modules/{m}/*", "/messages/modules/{m}/outputs/*", ".../outputs/{o}"
        if (parts is ["*"] or ["messages", "*"] or ["messages", "modules", "*"]) return true;
        if (parts.Length < 3 || parts[0] != "messages" || parts[1] != "modules" || parts[2] != moduleId) return false;
        if (parts is [_, _, _, "*"]) return true;
        return outputName is not null && parts is [_, _, _, "outputs", var output] && (output == "*" || output == outputName);
    }

    [GeneratedRegex(@"^\s*FROM\s+(?<source>\S+)(\s+WHERE\s+(?<where>.+?))?\s+INTO\s+(?<sink>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Grammar();

    public static EdgeRoute Parse(string name, string text)
    {
        var match = Grammar().Match(text);
        if (!match.Success) throw new FormatException($"Route '{name}' is not 'FROM <source> [WHERE <condition>] INTO <sink>': {text}");
        return new EdgeRoute(name, match.Groups["source"].Value, match.Groups["where"].Success ? match.Groups["where"].Value : null, match.Groups["sink"].Value);
    }
}
