using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Yunbao.Infra.Tests;

/// <summary>
/// The API's Entra app registration ships as a manifest (infra-bicep/entra/app-registration.json) that the azd
/// preprovision hook posts to Microsoft Graph: Bicep cannot create it without the Graph extension.
/// </summary>
public sealed partial class AppRegistrationTests
{
    private static readonly string[] Roles = ["citizen", "dispatcher", "operator", "steward"];

    [Fact]
    public void App_registration_manifest_has_exactly_the_four_roles_with_stable_unique_ids()
    {
        var manifest = Manifest();
        var roles = manifest["appRoles"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(Roles, roles.Select(r => (string)r["value"]!).Order());
        var ids = roles.Select(r => Guid.Parse((string)r["id"]!)).ToList();
        var scopeIds = manifest["api"]!["oauth2PermissionScopes"]!.AsArray().Select(s => Guid.Parse((string)s!["id"]!)).ToList();
        Assert.Equal(ids.Count + scopeIds.Count, ids.Concat(scopeIds).Distinct().Count());
        Assert.DoesNotContain(Guid.Empty, ids);
        foreach (var role in roles)
        {
            Assert.Equal(true, (bool?)role["isEnabled"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)role["displayName"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)role["description"]));
            var members = role["allowedMemberTypes"]!.AsArray().Select(m => (string)m!).ToList();
            // Only operator may be granted to a machine caller (client credentials); the others are people.
            string[] expected = (string)role["value"]! == "operator" ? ["User", "Application"] : ["User"];
            Assert.Equal(expected, members);
        }
        // The ids are what assignments point at: they must never change once deployed.
        Assert.Equal(Guid.Parse("70c7d554-a71f-470d-a76a-07f81090ae2a"), ids[roles.FindIndex(r => (string)r["value"]! == "dispatcher")]);
        Assert.Equal(Guid.Parse("6bb9574a-b677-4976-88ef-100c72b3f9f3"), ids[roles.FindIndex(r => (string)r["value"]! == "steward")]);
    }

    [Fact]
    public void App_registration_issues_v2_tokens_to_a_single_tenant_api()
    {
        var manifest = Manifest();
        Assert.Equal(2, (int?)manifest["api"]!["requestedAccessTokenVersion"]);
        Assert.Equal("AzureADMyOrg", (string?)manifest["signInAudience"]);
        Assert.Equal("access_as_user", (string?)Assert.Single(manifest["api"]!["oauth2PermissionScopes"]!.AsArray())!["value"]);
        // No credentials in the repository: an API that only validates tokens needs none.
        Assert.Null(manifest["passwordCredentials"]);
        Assert.Null(manifest["keyCredentials"]);
    }

    [Fact]
    public void Roles_of_the_app_registration_include_every_role_the_code_checks()
    {
        // The code's role names (functions/Yunbao.Functions/Http/Roles.cs) must exist as app roles,
        // otherwise nobody could ever be given them.
        var source = Path.Combine(BicepCli.RepoRoot, "functions", "Yunbao.Functions", "Http", "Roles.cs");
        var codeRoles = RoleConstant().Matches(File.ReadAllText(source)).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(codeRoles);
        var manifestRoles = Manifest()["appRoles"]!.AsArray().Select(r => (string)r!["value"]!).ToHashSet();
        Assert.All(codeRoles, r => Assert.Contains(r, manifestRoles));
    }

    [Fact]
    public void Azd_runs_the_registration_script_before_provisioning()
    {
        var yaml = File.ReadAllText(Path.Combine(BicepCli.RepoRoot, "azure.yaml"));
        Assert.Matches(@"(?ms)^hooks:\s*\n(\s+#[^\n]*\n)*\s+preprovision:\s*\n\s+posix:\s*\n\s+shell: sh\s*\n\s+run: \./infra-bicep/hooks/preprovision\.sh\s*$", yaml);
        Assert.Contains("sh \"$here/../entra/ensure-app-registration.sh\"", File.ReadAllText(Path.Combine(BicepCli.InfraDir, "hooks", "preprovision.sh")), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.True((File.GetUnixFileMode(Script) & UnixFileMode.UserExecute) != 0, "the hook script must be executable");
    }

    [Fact]
    public void Script_without_a_client_id_creates_the_registration_from_the_manifest_and_stores_its_id()
    {
        var run = RunScript(new() { ["AZURE_ENV_NAME"] = "lize-dev" });
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
        [
            "az ad app list --display-name yunbao-api-lize-dev --query [0].appId -o tsv",
            $"az rest --method POST --url https://graph.microsoft.com/v1.0/applications --headers Content-Type=application/json --body @{ManifestPath} --query appId -o tsv",
            $"az ad app update --id {FakeAppId} --display-name yunbao-api-lize-dev",
            $"az ad app update --id {FakeAppId} --identifier-uris api://{FakeAppId}",
            $"az ad sp show --id {FakeAppId}",
            $"az ad sp create --id {FakeAppId}",
            $"az ad sp update --id {FakeAppId} --set appRoleAssignmentRequired=true",
            $"azd env set AZURE_AUTH_CLIENT_ID {FakeAppId}",
        ], run.Calls);
    }

    [Fact]
    public void Script_with_a_client_id_changes_nothing()
    {
        var run = RunScript(new() { ["AZURE_AUTH_CLIENT_ID"] = FakeAppId });
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Calls);
        Assert.Contains(FakeAppId, run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_with_sign_in_switched_off_warns_that_the_api_is_unprotected()
    {
        var run = RunScript(new() { ["YUNBAO_ENABLE_AUTH"] = "false" });
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Calls);
        Assert.Contains("WITHOUT sign-in", run.StdErr, StringComparison.Ordinal);
    }

    private const string FakeAppId = "0a1b2c3d-0000-4000-8000-00000000abcd";
    private static string Script => Path.Combine(BicepCli.InfraDir, "entra", "ensure-app-registration.sh");
    private static string ManifestPath => Path.Combine(BicepCli.InfraDir, "entra", "app-registration.json");

    private sealed record ScriptRun(int ExitCode, IReadOnlyList<string> Calls, string StdOut, string StdErr);

    /// <summary>Runs the hook with stand-in az/azd on PATH that log their arguments; az answers like an empty tenant.</summary>
    private static ScriptRun RunScript(Dictionary<string, string> environment)
    {
        var bin = Directory.CreateTempSubdirectory("yunbao-hook-").FullName;
        try
        {
            var log = Path.Combine(bin, "calls.log");
            // `az rest` answers with the new app's id; `az ad sp show` fails (no service principal yet); all else prints nothing.
            File.WriteAllText(Path.Combine(bin, "az"), $$"""
                #!/bin/sh
                echo "az $*" >> "{{log}}"
                case "$1 $2" in
                  "rest --method") echo "{{FakeAppId}}" ;;
                  "ad sp") [ "$3" = "show" ] && exit 3 ;;
                esac
                exit 0
                """.Replace("\r", ""));
            File.WriteAllText(Path.Combine(bin, "azd"), $"#!/bin/sh\necho \"azd $*\" >> \"{log}\"\n");
            foreach (var tool in new[] { "az", "azd" })
                File.SetUnixFileMode(Path.Combine(bin, tool), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(Script);
            foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("YUNBAO_", StringComparison.Ordinal)).ToList())
                psi.Environment.Remove(name);
            psi.Environment["PATH"] = $"{bin}:/usr/bin:/bin";
            foreach (var (k, v) in environment) psi.Environment[k] = v;
            using var p = System.Diagnostics.Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)), "hook script hung");
            var calls = File.Exists(log) ? File.ReadAllLines(log).ToList() : [];
            return new ScriptRun(p.ExitCode, calls, stdout.Result, stderr.Result);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    private static JsonObject Manifest() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDir, "entra", "app-registration.json")))!.AsObject();

    [GeneratedRegex(@"public const string \w+ = ""([a-z]+)"";")]
    private static partial Regex RoleConstant();
}
