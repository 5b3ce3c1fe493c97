using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Yunbao.IotHubStandIn;

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
