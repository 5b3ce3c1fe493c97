using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Yunbao.IotHubStandIn;

/// <summary>A module declared in $edgeAgent's desired properties.</summary>
public sealed record EdgeModuleSpec(string Name, string Image, string CreateOptions, IReadOnlyDictionary<string, string> Env, string Status, string RestartPolicy);

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

/// <summary>
/// An IoT Edge deployment manifest (modulesContent: $edgeAgent, $edgeHub, module twins). The stand-in reads it for the
/// modules' initial desired properties and for edgeHub's routes.
/// </summary>
public sealed class EdgeDeploymentManifest
{
    public required JsonObject Document { get; init; }
    public required IReadOnlyList<EdgeModuleSpec> Modules { get; init; }
    public required IReadOnlyList<EdgeRoute> Routes { get; init; }
    public required IReadOnlyDictionary<string, JsonObject> ModuleDesiredProperties { get; init; }
    public int StoreAndForwardTimeToLiveSecs { get; init; }

    public static EdgeDeploymentManifest Load(string path) => Parse(File.ReadAllText(path));

    public static EdgeDeploymentManifest Parse(string json)
    {
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })?.AsObject()
            ?? throw new FormatException("The deployment manifest is empty.");
        var content = root["modulesContent"]?.AsObject() ?? throw new FormatException("The deployment manifest has no modulesContent.");
        var agent = Desired(content, "$edgeAgent");
        var hub = Desired(content, "$edgeHub");

        var modules = new List<EdgeModuleSpec>();
        foreach (var (name, node) in agent["modules"]?.AsObject() ?? [])
        {
            var module = node!.AsObject();
            var settings = module["settings"]?.AsObject() ?? throw new FormatException($"Module '{name}' has no settings.");
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in module["env"]?.AsObject() ?? [])
                env[key] = value?["value"]?.ToString() ?? "";
            modules.Add(new EdgeModuleSpec(name,
                settings["image"]?.GetValue<string>() ?? "",
                settings["createOptions"]?.GetValue<string>() ?? "",
                env,
                module["status"]?.GetValue<string>() ?? "",
                module["restartPolicy"]?.GetValue<string>() ?? ""));
        }

        var routes = new List<EdgeRoute>();
        foreach (var (name, node) in hub["routes"]?.AsObject() ?? [])
        {
            // Schema 1.0: "name": "FROM ..."; schema 1.1 also allows {"route": "FROM ...", "priority": 0, "timeToLiveSecs": 7200}.
            var text = node is JsonObject o ? o["route"]?.GetValue<string>() : node?.GetValue<string>();
            routes.Add(EdgeRoute.Parse(name, text ?? throw new FormatException($"Route '{name}' is empty.")));
        }

        var desired = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (name, node) in content)
        {
            if (name.StartsWith('$')) continue;
            desired[name] = (JsonObject)(node?["properties.desired"]?.AsObject() ?? []).DeepClone();
        }

        return new EdgeDeploymentManifest
        {
            Document = root,
            Modules = modules,
            Routes = routes,
            ModuleDesiredProperties = desired,
            StoreAndForwardTimeToLiveSecs = hub["storeAndForwardConfiguration"]?["timeToLiveSecs"]?.GetValue<int>() ?? 0,
        };
    }

    /// <summary>True when edgeHub forwards a module's message (output <paramref name="outputName"/>) upstream to IoT Hub.</summary>
    public bool RoutesUpstream(string moduleId, string? outputName) => Routes.Any(r => r.SendsUpstream(moduleId, outputName));

    private static JsonObject Desired(JsonObject content, string name) =>
        content[name]?["properties.desired"]?.AsObject() ?? throw new FormatException($"The deployment manifest has no {name} properties.desired.");
}
