using System.Text.RegularExpressions;
using Yunbao.Infra.Tests.Arm;

namespace Yunbao.Infra.Tests;

/// <summary>No key, SAS or key-bearing connection string is created, passed, stored in settings or output.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class SecretsTests(CompiledPlatform platform)
{
    [Fact]
    public void No_template_reads_keys_or_secrets()
    {
        foreach (var file in Directory.EnumerateFiles(platform.TemplatesDir, "*.json", SearchOption.AllDirectories))
            Assert.DoesNotMatch(ListFunction(), File.ReadAllText(file));
        foreach (var env in platform.All)
            Assert.DoesNotContain(env.Deployment.FunctionsUsed, f => f.StartsWith("list", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void No_parameter_is_a_secret_and_none_is_needed()
    {
        foreach (var file in Directory.EnumerateFiles(platform.TemplatesDir, "*.json", SearchOption.AllDirectories))
            Assert.DoesNotMatch(@"""type"":\s*""secure(string|object)""", File.ReadAllText(file));
    }

    [Fact]
    public void Outputs_hold_names_and_endpoints_only()
    {
        foreach (var env in platform.All)
            foreach (var (name, value) in env.Deployment.Outputs)
            {
                Assert.DoesNotMatch(SecretName(), name);
                Assert.DoesNotMatch(SecretValue(), value?.ToString() ?? "");
                Assert.DoesNotContain("ConnectionString", value?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
            }
    }

    [Fact]
    public void App_settings_carry_no_key_sas_or_key_bearing_connection_string()
    {
        foreach (var env in platform.All)
        {
            var settings = Assert.Single(env.Deployment.OfType("Microsoft.Web/sites/config"), c => c.Leaf() == "appsettings").Properties;
            foreach (var (name, value) in settings)
            {
                var text = value is Unknown u ? u.Text : value?.ToString() ?? "";
                Assert.DoesNotMatch(SecretValue(), text);
                // The App Insights connection string is the one connection string allowed: it names the
                // component (instrumentation key, endpoints) but cannot ingest without an Entra token here.
                if (name != "APPLICATIONINSIGHTS_CONNECTION_STRING") Assert.DoesNotMatch(SecretName(), name);
            }
        }
    }

    [Fact]
    public void Every_service_with_keys_has_them_switched_off_or_unused()
    {
        var withVision = platform.EvaluateWith("main.dev (vision create)",
            new Dictionary<string, object?>(platform.Dev.Parameters, StringComparer.OrdinalIgnoreCase) { ["visionMode"] = "create" });
        foreach (var env in platform.All.Append(withVision))
        {
            var d = env.Deployment;
            Assert.Equal(false, d.Single("Microsoft.Storage/storageAccounts").Get("properties.allowSharedKeyAccess"));
            Assert.Equal(true, d.Single("Microsoft.EventHub/namespaces").Get("properties.disableLocalAuth"));
            foreach (var vision in d.OfType("Microsoft.CognitiveServices/accounts"))
            {
                Assert.Equal(true, vision.Get("properties.disableLocalAuth"));
                Assert.NotNull(vision.Get("properties.customSubDomainName"));
                Assert.Equal("ComputerVision", vision.Get("kind"));
            }
            Assert.Equal(true, d.Single("Microsoft.Insights/components").Get("properties.DisableLocalAuth"));
            Assert.Equal(true, d.Single("Microsoft.OperationalInsights/workspaces").Get("properties.features.disableLocalAuth"));
        }
    }

    [GeneratedRegex(@"\blist(Keys|ConnectionStrings|Secrets|AccountSas|ServiceSas|Credentials?|AdminKeys|QueryKeys)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();

    [GeneratedRegex(@"(AccountKey|SharedAccessKey|SharedAccessSignature|sig=|primaryKey|secondaryKey|password|secret)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();

    [GeneratedRegex(@"(key|secret|password|sas|connectionstring)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
