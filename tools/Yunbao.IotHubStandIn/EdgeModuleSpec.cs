using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Yunbao.IotHubStandIn;

/// <summary>A module declared in $edgeAgent's desired properties.</summary>
public sealed record EdgeModuleSpec(string Name, string Image, string CreateOptions, IReadOnlyDictionary<string, string> Env, string Status, string RestartPolicy);
