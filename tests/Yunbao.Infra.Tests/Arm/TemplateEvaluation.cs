using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Yunbao.Infra.Tests.Arm;

/// <summary>The whole deployment: every resource of every nested deployment, and the top-level outputs.</summary>
public sealed class TemplateEvaluation
{
    public List<EvaluatedResource> Resources { get; } = [];
    public Dictionary<string, object?> Outputs { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Every function name the evaluation met, for checks such as "no listKeys anywhere".</summary>
    public HashSet<string> FunctionsUsed { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<EvaluatedResource> OfType(string type) => Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));
    public EvaluatedResource Single(string type) => OfType(type).Single();
}
