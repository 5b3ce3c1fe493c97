using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Yunbao.Infra.Tests.Arm;

/// <summary>One resource of the compiled template after its expressions were evaluated with concrete parameters.</summary>
public sealed class EvaluatedResource
{
    public required string Type { get; init; }
    public required string Name { get; init; }
    public required string ApiVersion { get; init; }
    /// <summary>Path of nested deployments that declares it, e.g. "main/storage".</summary>
    public required string Deployment { get; init; }
    public required string ResourceGroup { get; init; }
    public required Dictionary<string, object?> Body { get; init; }

    public Dictionary<string, object?> Properties => Body.TryGetValue("properties", out var p) && p is Dictionary<string, object?> d ? d : new(StringComparer.OrdinalIgnoreCase);
    public object? Get(string path) => Json.Path(Body, path);
    public string ResourceId => ArmIds.ResourceId(ArmTemplateEvaluator.SubscriptionId, ResourceGroup, Type, Name.Split('/'));
    public override string ToString() => $"{Type} {Name} ({Deployment})";
}
