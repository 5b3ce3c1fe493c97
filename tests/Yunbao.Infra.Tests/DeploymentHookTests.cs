namespace Yunbao.Infra.Tests;

/// <summary>
/// The azd hooks that ask Azure what only Azure knows (hooks/iothub-state.sh, hooks/cosmos-mode.sh, hooks/postdown.sh),
/// run with a stand-in `az` on PATH that answers like a subscription where the hub is missing, or exists with or without
/// IoT Hub's RouteToEventGrid route, and a stand-in `azd` that records what the hooks store.
/// </summary>
public sealed class DeploymentHookTests
{
    private static string Hook(string name) => Path.Combine(BicepCli.InfraDir, "hooks", name);

    [Fact]
    public void Azd_runs_the_state_hooks_before_provision_and_clears_them_after_down()
    {
        var yaml = File.ReadAllText(Path.Combine(BicepCli.RepoRoot, "azure.yaml"));
        Assert.Matches(@"(?m)^\s+preprovision:\s*\n\s+posix:\s*\n\s+shell: sh\s*\n\s+run: \./infra-bicep/hooks/preprovision\.sh\s*$", yaml);
        Assert.Matches(@"(?m)^\s+postdown:\s*\n\s+posix:\s*\n\s+shell: sh\s*\n\s+run: \./infra-bicep/hooks/postdown\.sh\s*$", yaml);
        var preprovision = File.ReadAllText(Hook("preprovision.sh"));
        Assert.Contains("sh \"$here/iothub-state.sh\"", preprovision, StringComparison.Ordinal);
        Assert.Contains("sh \"$here/cosmos-mode.sh\"", preprovision, StringComparison.Ordinal);
        foreach (var script in new[] { "preprovision.sh", "iothub-state.sh", "cosmos-mode.sh", "postdown.sh" })
            Assert.True((File.GetUnixFileMode(Hook(script)) & UnixFileMode.UserExecute) != 0, $"{script} must be executable");
    }

    [Fact]
    public void Hub_missing_the_resource_group_does_not_exist_so_both_answers_are_false()
    {
        var run = HookRun.Start(Hook("iothub-state.sh"), Azure.Missing, new() { ["AZURE_ENV_NAME"] = "lize-dev" });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("az group exists --name rg-lize-dev -o tsv", run.AzCalls[0]);
        Assert.DoesNotContain(run.AzCalls, c => c.StartsWith("az iot hub show", StringComparison.Ordinal));
        Assert.Equal(["azd env set YUNBAO_IOTHUB_EXISTS false", "azd env set YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE false"], run.AzdCalls);
    }

    [Fact]
    public void Hub_missing_from_an_existing_group_is_a_first_deployment_of_the_hub()
    {
        var run = HookRun.Start(Hook("iothub-state.sh"), Azure.GroupWithoutHub, new() { ["AZURE_ENV_NAME"] = "lize-dev", ["AZURE_RESOURCE_GROUP"] = "rg-city" });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("az iot hub list --resource-group rg-city --query [?tags.\"azd-env-name\"=='lize-dev'].name | [0] -o tsv", run.AzCalls);
        Assert.Equal(["azd env set YUNBAO_IOTHUB_EXISTS false", "azd env set YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE false"], run.AzdCalls);
    }

    [Fact]
    public void Hub_exists_with_the_event_grid_route_so_the_template_repeats_it()
    {
        var run = HookRun.Start(Hook("iothub-state.sh"), Azure.HubWithRoute, new() { ["AZURE_ENV_NAME"] = "lize-dev", ["AZURE_SUBSCRIPTION_ID"] = "sub-1" });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("az iot hub show --name iot-abc --resource-group rg-lize-dev --subscription sub-1 --query length(properties.routing.routes[?name=='RouteToEventGrid']) -o tsv", run.AzCalls);
        Assert.Equal(["azd env set YUNBAO_IOTHUB_EXISTS true", "azd env set YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE true"], run.AzdCalls);
    }

    [Fact]
    public void Hub_exists_without_the_route_after_a_first_run_that_failed_before_event_grid()
    {
        var run = HookRun.Start(Hook("iothub-state.sh"), Azure.HubWithoutRoute, new() { ["AZURE_ENV_NAME"] = "lize-dev" });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["azd env set YUNBAO_IOTHUB_EXISTS true", "azd env set YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE false"], run.AzdCalls);
    }

    [Fact]
    public void Print_mode_exports_the_answers_for_az_deployment_without_azd()
    {
        var run = HookRun.Start(Hook("iothub-state.sh"), Azure.HubWithRoute, new() { ["AZURE_ENV_NAME"] = "lize-prod" }, "--print");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.AzdCalls);
        Assert.Contains("export YUNBAO_IOTHUB_EXISTS=true YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE=true", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_az_stops_the_hook_instead_of_guessing()
    {
        var run = HookRun.Start(Hook("iothub-state.sh"), Azure.NotLoggedIn, new() { ["AZURE_ENV_NAME"] = "lize-dev" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.AzdCalls);
    }

    [Fact]
    public void Postdown_clears_both_answers()
    {
        var run = HookRun.Start(Hook("postdown.sh"), Azure.HubWithRoute, new() { ["AZURE_ENV_NAME"] = "lize-dev" });

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.AzCalls);
        Assert.Equal(["azd env set YUNBAO_IOTHUB_EXISTS false", "azd env set YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE false"], run.AzdCalls);
    }

    [Theory]
    [InlineData("serverless", 0)]
    [InlineData("autoscale", 1)]
    public void Cosmos_mode_of_an_existing_serverless_account_cannot_be_switched(string wanted, int exitCode)
    {
        var run = HookRun.Start(Hook("cosmos-mode.sh"), Azure.HubWithRoute, new() { ["AZURE_ENV_NAME"] = "lize-dev", ["YUNBAO_COSMOS_MODE"] = wanted });

        Assert.Equal(exitCode, run.ExitCode);
        if (exitCode != 0) Assert.Contains("fixed when the account is created", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Cosmos_mode_check_passes_on_a_fresh_subscription()
    {
        var run = HookRun.Start(Hook("cosmos-mode.sh"), Azure.Missing, new() { ["AZURE_ENV_NAME"] = "lize-dev", ["YUNBAO_COSMOS_MODE"] = "autoscale" });

        Assert.Equal(0, run.ExitCode);
    }

    /// <summary>What the stand-in `az` answers (a POSIX sh script; the case patterns match the hooks' calls).</summary>
    private static class Azure
    {
        public const string Missing = """
            case "$*" in
              "group exists"*) echo false ;;
              *) echo "unexpected: az $*" >&2; exit 2 ;;
            esac
            """;

        public const string GroupWithoutHub = """
            case "$*" in
              "group exists"*) echo true ;;
              "iot hub list"*) echo "" ;;
              *) echo "unexpected: az $*" >&2; exit 2 ;;
            esac
            """;

        public const string HubWithRoute = """
            case "$*" in
              "group exists"*) echo true ;;
              "iot hub list"*) echo iot-abc ;;
              "iot hub show"*) echo 1 ;;
              "cosmosdb list"*"capabilities"*) echo EnableServerless ;;
              "cosmosdb list"*) echo cosmos-abc ;;
              *) echo "unexpected: az $*" >&2; exit 2 ;;
            esac
            """;

        public const string HubWithoutRoute = """
            case "$*" in
              "group exists"*) echo true ;;
              "iot hub list"*) echo iot-abc ;;
              "iot hub show"*) echo 0 ;;
              *) echo "unexpected: az $*" >&2; exit 2 ;;
            esac
            """;

        public const string NotLoggedIn = """
            echo "ERROR: Please run 'az login' to setup account." >&2
            exit 1
            """;
    }

    private sealed record HookRun(int ExitCode, IReadOnlyList<string> AzCalls, IReadOnlyList<string> AzdCalls, string StdOut, string StdErr)
    {
        public static HookRun Start(string script, string azBehaviour, Dictionary<string, string> environment, params string[] args)
        {
            var bin = Directory.CreateTempSubdirectory("yunbao-hook-").FullName;
            try
            {
                var azLog = Path.Combine(bin, "az.log");
                var azdLog = Path.Combine(bin, "azd.log");
                File.WriteAllText(Path.Combine(bin, "az"), $"#!/bin/sh\necho \"az $*\" >> \"{azLog}\"\n{azBehaviour.Replace("\r", "")}\nexit 0\n");
                File.WriteAllText(Path.Combine(bin, "azd"), $"#!/bin/sh\necho \"azd $*\" >> \"{azdLog}\"\n");
                foreach (var tool in new[] { "az", "azd" })
                    File.SetUnixFileMode(Path.Combine(bin, tool), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

                var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                psi.ArgumentList.Add(script);
                foreach (var a in args) psi.ArgumentList.Add(a);
                foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("YUNBAO_", StringComparison.Ordinal)).ToList())
                    psi.Environment.Remove(name);
                psi.Environment["PATH"] = $"{bin}:/usr/bin:/bin";
                foreach (var (k, v) in environment) psi.Environment[k] = v;
                using var p = System.Diagnostics.Process.Start(psi)!;
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)), "hook script hung");
                static List<string> Lines(string path) => File.Exists(path) ? [.. File.ReadAllLines(path)] : [];
                return new HookRun(p.ExitCode, Lines(azLog), Lines(azdLog), stdout.Result, stderr.Result);
            }
            finally
            {
                Directory.Delete(bin, recursive: true);
            }
        }
    }
}
