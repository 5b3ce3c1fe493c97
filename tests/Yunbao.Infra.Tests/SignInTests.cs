using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Yunbao.Infra.Tests.Arm;

namespace Yunbao.Infra.Tests;

/// <summary>
/// The function app sits behind Microsoft Entra ID through App Service Authentication (authsettingsV2): no token,
/// no access, except on the documented public paths; the app registration's roles are the ones the code checks.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class SignInTests(CompiledPlatform platform)
{
    /// <summary>The list infra-bicep/README.md ("Sign-in") documents, in that order.</summary>
    private static readonly string[] PublicPaths = ["/api/health", "/api/heatmaps/*", "/api/open311/*", "/api/district/*", "/api/catalog", "/api/GetRoles"];

    private static string Issuer => $"https://login.microsoftonline.com/{ArmTemplateEvaluator.TenantId}/v2.0";

    [Fact]
    public void Function_app_requires_sign_in_and_answers_401_without_a_token()
    {
        foreach (var env in platform.All)
        {
            var auth = AuthSettings(env);
            var site = env.Deployment.Single("Microsoft.Web/sites");
            Assert.Equal($"{site.Name}/authsettingsV2", auth.Name);
            Assert.Equal(site.ResourceGroup, auth.ResourceGroup);
            Assert.Equal(true, auth.Get("properties.platform.enabled"));
            Assert.Equal(true, auth.Get("properties.globalValidation.requireAuthentication"));
            Assert.Equal("Return401", auth.Get("properties.globalValidation.unauthenticatedClientAction"));
            Assert.Equal(true, auth.Get("properties.httpSettings.requireHttps"));
        }
    }

    [Fact]
    public void Entra_provider_validates_the_app_registrations_tokens_from_the_tenants_v2_issuer()
    {
        foreach (var env in platform.All)
        {
            var auth = AuthSettings(env);
            Assert.Equal(true, auth.Get("properties.identityProviders.azureActiveDirectory.enabled"));
            Assert.Equal(CompiledPlatform.TestAuthClientId, auth.Get("properties.identityProviders.azureActiveDirectory.registration.clientId"));
            Assert.Equal(Issuer, auth.Get("properties.identityProviders.azureActiveDirectory.registration.openIdIssuer"));
            var audiences = Expect.Strings(auth.Get("properties.identityProviders.azureActiveDirectory.validation.allowedAudiences"), "allowedAudiences");
            // v2.0 access tokens carry the bare client id as aud, whatever form of the scope was requested.
            Assert.Equal([$"api://{CompiledPlatform.TestAuthClientId}", CompiledPlatform.TestAuthClientId], audiences);
            // No client restriction unless one is asked for.
            Assert.Null(auth.Get("properties.identityProviders.azureActiveDirectory.validation.defaultAuthorizationPolicy"));
            // Entra is the only provider: nothing else can mint a principal.
            var providers = Expect.Obj(auth.Get("properties.identityProviders"), "identityProviders");
            Assert.Equal(["azureActiveDirectory"], providers.Keys.ToList());
        }
    }

    [Fact]
    public void Allowed_audiences_and_client_applications_follow_the_parameters()
    {
        var parameters = new Dictionary<string, object?>(platform.Dev.Parameters, StringComparer.OrdinalIgnoreCase)
        {
            ["authAllowedAudiences"] = new List<object?> { "api://yunbao-lize" },
            ["authAllowedClientApplications"] = new List<object?> { "11111111-2222-3333-4444-555555555555" },
            ["authTenantId"] = "99999999-8888-7777-6666-555555555555",
        };
        var env = platform.EvaluateWith("main.dev (custom audiences)", parameters);
        var auth = AuthSettings(env);
        Assert.Equal(["api://yunbao-lize"], Expect.Strings(auth.Get("properties.identityProviders.azureActiveDirectory.validation.allowedAudiences"), "allowedAudiences"));
        Assert.Equal(["11111111-2222-3333-4444-555555555555"],
            Expect.Strings(auth.Get("properties.identityProviders.azureActiveDirectory.validation.defaultAuthorizationPolicy.allowedApplications"), "allowedApplications"));
        Assert.Equal("https://login.microsoftonline.com/99999999-8888-7777-6666-555555555555/v2.0",
            auth.Get("properties.identityProviders.azureActiveDirectory.registration.openIdIssuer"));
        Assert.Equal(["api://yunbao-lize"], Expect.Strings(env.Deployment.Outputs["AZURE_AUTH_AUDIENCES"], "AZURE_AUTH_AUDIENCES"));
    }

    [Fact]
    public void Only_the_documented_public_paths_are_served_without_a_token()
    {
        foreach (var env in platform.All)
            Assert.Equal(PublicPaths, Expect.Strings(AuthSettings(env).Get("properties.globalValidation.excludedPaths"), "excludedPaths"));

        // The README lists the same paths as the template: a change to one must change the other.
        var readme = File.ReadAllText(Path.Combine(BicepCli.InfraDir, "README.md"));
        var section = readme[readme.IndexOf("## Sign-in", StringComparison.Ordinal)..];
        var documented = PublicPathRow().Matches(section).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(PublicPaths, documented);
    }

    [Fact]
    public void Tokens_are_not_stored_and_no_secret_is_configured_or_referenced()
    {
        foreach (var env in platform.All)
        {
            var auth = AuthSettings(env);
            Assert.Equal(false, auth.Get("properties.login.tokenStore.enabled"));
            Assert.Null(auth.Get("properties.identityProviders.azureActiveDirectory.registration.clientSecretSettingName"));
            Assert.DoesNotMatch(SecretProperty(), System.Text.Json.JsonSerializer.Serialize(auth.Body));
        }
        foreach (var file in Directory.EnumerateFiles(platform.TemplatesDir, "*.json", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotMatch(SecretProperty(), text);
            Assert.DoesNotContain("MICROSOFT_PROVIDER_AUTHENTICATION_SECRET", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sign_in_on_without_a_client_id_fails_before_anything_is_created()
    {
        // Exactly what the committed parameter files give when AZURE_AUTH_CLIENT_ID is not set.
        foreach (var parameters in new[] { platform.DevParametersAsCommitted, platform.ProdParametersAsCommitted })
        {
            Assert.Equal(true, parameters["enableAuth"]);
            Assert.Equal("", parameters["authClientId"]);
            var failure = Assert.Throws<DeploymentFailedException>(() => ArmTemplateEvaluator.Evaluate(platform.Template, parameters));
            Assert.Equal("main", failure.Deployment); // the resource group's name: the first thing Resource Manager needs
            Assert.StartsWith("enableAuth is true but authClientId is empty", failure.Reason, StringComparison.Ordinal);
            Assert.Contains("AZURE_AUTH_CLIENT_ID", failure.Reason, StringComparison.Ordinal);
            Assert.Contains("YUNBAO_ENABLE_AUTH=false", failure.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sign_in_switched_off_explicitly_deploys_the_config_disabled_and_says_so()
    {
        var parameters = new Dictionary<string, object?>(platform.DevParametersAsCommitted, StringComparer.OrdinalIgnoreCase) { ["enableAuth"] = false };
        var env = platform.EvaluateWith("main.dev (sign-in off)", parameters);
        var auth = AuthSettings(env);
        Assert.Equal(false, auth.Get("properties.platform.enabled"));
        Assert.Null(auth.Get("properties.identityProviders"));
        Assert.Equal(false, env.Deployment.Outputs["AZURE_AUTH_ENABLED"]);
        // Everything else deploys as usual.
        Assert.Single(env.Deployment.OfType("Microsoft.Web/sites"));
    }

    [Fact]
    public void Outputs_give_the_operator_the_sign_in_settings_and_no_secret()
    {
        foreach (var env in platform.All)
        {
            var o = env.Deployment.Outputs;
            Assert.Equal(true, o["AZURE_AUTH_ENABLED"]);
            Assert.Equal(CompiledPlatform.TestAuthClientId, o["AZURE_AUTH_CLIENT_ID"]);
            Assert.Equal(Issuer, o["AZURE_AUTH_ISSUER"]);
            Assert.Equal(PublicPaths, Expect.Strings(o["AZURE_AUTH_PUBLIC_PATHS"], "AZURE_AUTH_PUBLIC_PATHS"));
            Assert.Equal([$"api://{CompiledPlatform.TestAuthClientId}", CompiledPlatform.TestAuthClientId], Expect.Strings(o["AZURE_AUTH_AUDIENCES"], "AZURE_AUTH_AUDIENCES"));
        }
    }

    [Fact]
    public void Parameter_files_take_the_client_id_and_the_switch_from_the_environment()
    {
        var text = File.ReadAllText(Path.Combine(BicepCli.InfraDir, "main.parameters.json"));
        var provided = JsonNode.Parse(text)!["parameters"]!.AsObject();
        Assert.Equal("${AZURE_AUTH_CLIENT_ID=}", (string?)provided["authClientId"]!["value"]);
        Assert.Equal("${YUNBAO_ENABLE_AUTH=true}", (string?)provided["enableAuth"]!["value"]);
        foreach (var file in new[] { "main.dev.bicepparam", "main.prod.bicepparam" })
        {
            var source = File.ReadAllText(Path.Combine(BicepCli.InfraDir, file));
            Assert.Contains("param authClientId = readEnvironmentVariable('AZURE_AUTH_CLIENT_ID', '')", source, StringComparison.Ordinal);
            Assert.Contains("param enableAuth = bool(readEnvironmentVariable('YUNBAO_ENABLE_AUTH', 'true'))", source, StringComparison.Ordinal);
        }
        var declared = platform.Template["parameters"]!.AsObject();
        Assert.Equal(true, (bool?)declared["enableAuth"]!["defaultValue"]);
        Assert.Equal("[tenant().tenantId]", (string?)declared["authTenantId"]!["defaultValue"]);
    }

    private static EvaluatedResource AuthSettings(CompiledPlatform.Environment env) =>
        Assert.Single(env.Deployment.OfType("Microsoft.Web/sites/config"), c => c.Leaf() == "authsettingsV2");

    /// <summary>A row of the README's public path table: | `/api/...` | ... |</summary>
    [GeneratedRegex(@"(?m)^\|\s*`(/api/[^`]+)`\s*\|")]
    private static partial Regex PublicPathRow();

    [GeneratedRegex(@"(?i)(clientSecret|secretSettingName|certificateThumbprint|password)")]
    private static partial Regex SecretProperty();
}
