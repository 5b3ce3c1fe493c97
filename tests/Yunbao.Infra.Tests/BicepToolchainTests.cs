using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yunbao.Infra.Tests;

/// <summary>What CI checks before anyone deploys: every file compiles and the linter finds nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BicepToolchainTests(CompiledPlatform platform)
{
    [Fact]
    public void Every_template_and_module_compiles_without_diagnostics()
    {
        Assert.True(platform.Build.ExitCode == 0, platform.Build.ToString());
        Assert.DoesNotMatch(@"(?m): (Warning|Error) ", platform.Build.StdOut + platform.Build.StdErr);
        var sources = CompiledPlatform.SourceFiles(".bicep");
        Assert.Contains(sources, s => Path.GetFileName(s) == "main.bicep");
        Assert.True(sources.Count >= 8, $"expected main.bicep plus its modules, found {sources.Count} files");
        foreach (var source in sources)
        {
            var relative = Path.GetRelativePath(BicepCli.InfraDir, source);
            var compiled = Path.Combine(platform.TemplatesDir, Path.ChangeExtension(relative, ".json"));
            Assert.True(File.Exists(compiled), $"{relative} produced no ARM template");
        }
    }

    [Fact]
    public void Every_parameter_file_compiles_against_main()
    {
        Assert.True(platform.BuildParams.ExitCode == 0, platform.BuildParams.ToString());
        Assert.DoesNotMatch(@"(?m): (Warning|Error) ", platform.BuildParams.StdOut + platform.BuildParams.StdErr);
        var files = CompiledPlatform.SourceFiles(".bicepparam").Select(Path.GetFileName).ToList();
        Assert.Contains("main.dev.bicepparam", files);
        Assert.Contains("main.prod.bicepparam", files);
        foreach (var file in files)
            Assert.True(File.Exists(Path.Combine(platform.ParametersDir, Path.ChangeExtension(file!, ".json"))), $"{file} produced no parameters JSON");
    }

    [Fact]
    public void Linter_reports_nothing_for_any_template_or_parameter_file()
    {
        Assert.True(platform.Lint.ExitCode == 0, platform.Lint.ToString());
        var runs = SarifDocuments(platform.Lint.StdOut).SelectMany(d => d["runs"]!.AsArray()).ToList();
        var files = CompiledPlatform.SourceFiles(".bicep").Count + CompiledPlatform.SourceFiles(".bicepparam").Count;
        // One SARIF document per linted file: proves the pattern reached every file.
        Assert.Equal(files, runs.Count);
        var findings = runs.SelectMany(r => r!["results"]!.AsArray())
            .Select(r => $"{r!["ruleId"]} {r["level"]}: {r["message"]?["text"]} @ {r["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]}")
            .ToList();
        Assert.True(findings.Count == 0, "bicep lint findings:\n" + string.Join('\n', findings));
    }

    [Theory]
    [InlineData("outputs-should-not-contain-secrets")]
    [InlineData("secure-parameter-default")]
    [InlineData("protect-commandtoexecute-secrets")]
    [InlineData("use-secure-value-for-secure-inputs")]
    [InlineData("secure-secrets-in-params")]
    [InlineData("secure-params-in-nested-deploy")]
    [InlineData("no-hardcoded-env-urls")]
    [InlineData("no-hardcoded-location")]
    [InlineData("adminusername-should-not-be-literal")]
    public void Security_analyzer_rules_fail_the_build(string rule)
    {
        Assert.Equal("error", RuleLevel(rule));
    }

    [Theory]
    [InlineData("no-unused-params")]
    [InlineData("no-unused-vars")]
    [InlineData("use-recent-api-versions")]
    [InlineData("no-unnecessary-dependson")]
    [InlineData("use-resource-symbol-reference")]
    public void Hygiene_analyzer_rules_are_on(string rule)
    {
        Assert.Contains(RuleLevel(rule), new[] { "warning", "error" });
    }

    [Fact]
    public void Every_parameter_and_output_of_every_template_is_typed_and_described()
    {
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(platform.TemplatesDir, "*.json", SearchOption.AllDirectories))
        {
            var template = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var name = Path.GetRelativePath(platform.TemplatesDir, file);
            foreach (var section in new[] { "parameters", "outputs" })
                foreach (var (key, decl) in template[section] as JsonObject ?? [])
                {
                    if (decl?["type"] is null) missing.Add($"{name} {section}.{key}: no type");
                    if (string.IsNullOrWhiteSpace((string?)decl?["metadata"]?["description"])) missing.Add($"{name} {section}.{key}: no @description");
                }
        }
        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    private static string RuleLevel(string rule)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDir, "bicepconfig.json")))!;
        Assert.NotEqual(false, (bool?)config["analyzers"]?["core"]?["enabled"]);
        return (string?)config["analyzers"]?["core"]?["rules"]?[rule]?["level"] ?? "default";
    }

    /// <summary>`bicep lint --pattern` writes one SARIF document per file, back to back.</summary>
    private static IEnumerable<JsonNode> SarifDocuments(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        var documents = new List<JsonNode>();
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            documents.Add(JsonNode.Parse(doc.RootElement.GetRawText())!);
        }
        return documents;
    }
}
