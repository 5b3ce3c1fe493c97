using System.Text.Json.Nodes;
using Yunbao.Infra.Tests.Arm;

namespace Yunbao.Infra.Tests;

/// <summary>
/// Runs the Bicep CLI once per test run: builds every template, builds every parameter file, lints everything,
/// then evaluates main.json with each committed parameter file.
/// </summary>
public sealed class CompiledPlatform : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("yunbao-bicep-").FullName;

    public CompiledPlatform()
    {
        TemplatesDir = Path.Combine(_work, "templates");
        ParametersDir = Path.Combine(_work, "parameters");
        // Three independent CLI runs; each spends most of its time starting up, so run them side by side.
        var build = Task.Run(() => BicepCli.Run("build", "--pattern", "**/*.bicep", "--outdir", TemplatesDir, "--no-restore"));
        var buildParams = Task.Run(() => BicepCli.Run("build-params", "--pattern", "*.bicepparam", "--outdir", ParametersDir, "--no-restore"));
        var lint = Task.Run(() => BicepCli.Run("lint", "--pattern", "**/*.bicep*", "--no-restore", "--diagnostics-format", "sarif"));
        Build = build.Result;
        BuildParams = buildParams.Result;
        Lint = lint.Result;
        if (Build.ExitCode != 0) throw new InvalidOperationException($"bicep build failed: {Build}");
        if (BuildParams.ExitCode != 0) throw new InvalidOperationException($"bicep build-params failed: {BuildParams}");

        TemplateText = File.ReadAllText(Path.Combine(TemplatesDir, "main.json"));
        Template = JsonNode.Parse(TemplateText)!.AsObject();
        DevParametersAsCommitted = ReadParameters("main.dev");
        ProdParametersAsCommitted = ReadParameters("main.prod");
        Dev = Evaluate("main.dev", WithAuthClientId(DevParametersAsCommitted));
        Prod = Evaluate("main.prod", WithAuthClientId(ProdParametersAsCommitted));
        // What azd deploys after a successful first run: the preprovision hook (hooks/iothub-state.sh) finds the hub and
        // the RouteToEventGrid route IoT Hub added with the Event Grid subscription.
        var again = new Dictionary<string, object?>(Dev.Parameters, StringComparer.OrdinalIgnoreCase) { ["iotHubExists"] = true, ["iotHubHasEventGridRoute"] = true };
        DevRedeploy = new Environment("main.dev (redeploy)", again, ArmTemplateEvaluator.Evaluate(Template, again));
    }

    /// <summary>
    /// The client id an operator puts into AZURE_AUTH_CLIENT_ID after creating the app registration. The parameter
    /// files read it from the environment, which the CLI runs here do not have, so the committed values are empty.
    /// </summary>
    public const string TestAuthClientId = "3f0c5e0a-6b1d-4c47-9a55-2d7e8b1c9f10";

    /// <summary>main.dev / main.prod parameters exactly as the committed files produce them (no environment).</summary>
    public IReadOnlyDictionary<string, object?> DevParametersAsCommitted { get; }
    public IReadOnlyDictionary<string, object?> ProdParametersAsCommitted { get; }

    public BicepResult Build { get; }
    public BicepResult BuildParams { get; }
    public BicepResult Lint { get; }
    public string TemplatesDir { get; }
    public string ParametersDir { get; }
    public string TemplateText { get; }
    public JsonObject Template { get; }
    public Environment Dev { get; }
    public Environment Prod { get; }
    public Environment DevRedeploy { get; }
    public IEnumerable<Environment> All => [Dev, Prod, DevRedeploy];

    public static IReadOnlyList<string> SourceFiles(string extension) =>
        Directory.EnumerateFiles(BicepCli.InfraDir, "*" + extension, SearchOption.AllDirectories).Order().ToList();

    public sealed record Environment(string Name, IReadOnlyDictionary<string, object?> Parameters, TemplateEvaluation Deployment)
    {
        public override string ToString() => Name;
    }

    private Dictionary<string, object?> ReadParameters(string name) =>
        ((JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(ParametersDir, name + ".json")))!["parameters"]!)
            .ToDictionary(kv => kv.Key, kv => Json.FromNode(kv.Value!["value"]), StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, object?> WithAuthClientId(IReadOnlyDictionary<string, object?> parameters) =>
        new(parameters, StringComparer.OrdinalIgnoreCase) { ["authClientId"] = TestAuthClientId };

    private Environment Evaluate(string name, IReadOnlyDictionary<string, object?> parameters) =>
        new(name, parameters, ArmTemplateEvaluator.Evaluate(Template, parameters));

    /// <summary>Evaluates main.json with the given parameters (for what-if cases such as sign-in switched off).</summary>
    public Environment EvaluateWith(string name, IReadOnlyDictionary<string, object?> parameters) => Evaluate(name, parameters);

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
