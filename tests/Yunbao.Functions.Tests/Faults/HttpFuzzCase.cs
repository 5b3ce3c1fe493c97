using System.Text;

namespace Yunbao.Functions.Tests;

/// <summary>One generated request: which route, the route values, query, headers, body, and whether it hits the Azure-mode host.</summary>
public sealed record HttpFuzzCase(HttpRoute Route, string Method, IReadOnlyDictionary<string, string> Values, string Query,
    IReadOnlyDictionary<string, string> Headers, byte[]? Body, bool AzureMode)
{
    /// <summary>Short enough to read in a failure report (FsCheck prints the counterexample).</summary>
    public override string ToString()
    {
        static string Cut(string s) => s.Length <= 300 ? s : s[..300] + $"…({s.Length} chars)";
        var body = Body is null ? "(none)" : Cut(Encoding.UTF8.GetString(Body));
        return $"{Method} {Route.Template} [{(AzureMode ? "azure" : "local")}] values={{{string.Join(", ", Values.Select(v => $"{v.Key}={Cut(v.Value)}"))}}} " +
            $"query={Cut(Query)} headers={{{string.Join(", ", Headers.Select(h => $"{h.Key}: {Cut(h.Value)}"))}}} body={body}";
    }
}
