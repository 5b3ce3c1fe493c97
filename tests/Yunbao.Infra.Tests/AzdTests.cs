using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Yunbao.Infra.Tests;

/// <summary>`azd up` finds the template, its parameters and the function app it deploys to.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class AzdTests(CompiledPlatform platform)
{
    [Fact]
    public void Azure_yaml_provisions_infra_bicep_main_and_deploys_the_functions_project_as_api()
    {
        var root = LoadAzureYaml();
        var infra = (YamlMappingNode)root["infra"];
        Assert.Equal("bicep", infra["provider"].ToString());
        Assert.Equal("infra-bicep", infra["path"].ToString());
        Assert.Equal("main", infra["module"].ToString());
        Assert.True(File.Exists(Path.Combine(BicepCli.RepoRoot, "infra-bicep", "main.bicep")));

        var api = (YamlMappingNode)((YamlMappingNode)root["services"])["api"];
        Assert.Equal("function", api["host"].ToString());
        Assert.Equal("dotnet", api["language"].ToString());
        var project = Path.GetFullPath(Path.Combine(BicepCli.RepoRoot, api["project"].ToString()));
        Assert.True(File.Exists(Path.Combine(project, "Yunbao.Functions.csproj")), $"azure.yaml project {project} has no Yunbao.Functions.csproj");
    }

    [Fact]
    public void Every_azd_service_has_exactly_one_tagged_resource()
    {
        var services = ((YamlMappingNode)LoadAzureYaml()["services"]).Children.Keys.Select(k => k.ToString()).ToList();
        foreach (var env in platform.All)
            foreach (var service in services)
                Assert.Single(env.Deployment.Resources, r => r.Get("tags.azd-service-name") as string == service);
    }

    [Fact]
    public void Every_taggable_resource_carries_the_azd_environment_tag()
    {
        foreach (var env in platform.All)
            foreach (var resource in env.Deployment.Resources.Where(r => r.Body.ContainsKey("location")))
                Assert.True(Equals(env.Parameters["environmentName"], resource.Get("tags.azd-env-name")), $"{env}: {resource} lacks azd-env-name");
    }

    [Fact]
    public void Azd_parameters_file_sets_only_declared_parameters_and_every_required_one()
    {
        var text = File.ReadAllText(Path.Combine(BicepCli.InfraDir, "main.parameters.json"));
        var provided = JsonNode.Parse(text)!["parameters"]!.AsObject();
        var declared = platform.Template["parameters"]!.AsObject();
        foreach (var (name, _) in provided) Assert.True(declared.ContainsKey(name), $"main.parameters.json sets undeclared parameter {name}");
        foreach (var (name, decl) in declared)
            if (decl!["defaultValue"] is null && decl["nullable"] is null)
                Assert.True(provided.ContainsKey(name), $"required parameter {name} is missing from main.parameters.json");
        Assert.Equal("${AZURE_ENV_NAME}", (string?)provided["environmentName"]!["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)provided["location"]!["value"]);
        // The preprovision hook (hooks/iothub-state.sh) asks Azure and stores both; no output of a possibly failed run feeds them.
        Assert.Equal("${YUNBAO_IOTHUB_EXISTS=false}", (string?)provided["iotHubExists"]!["value"]);
        Assert.Equal("${YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE=false}", (string?)provided["iotHubHasEventGridRoute"]!["value"]);
        Assert.DoesNotContain(platform.Dev.Deployment.Outputs.Keys, k => k.StartsWith("YUNBAO_IOTHUB", StringComparison.Ordinal));
        // azd substitutes ${NAME} and ${NAME=default}; anything else would reach ARM verbatim.
        foreach (Match m in Placeholder().Matches(text)) Assert.Matches(@"^\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}$", m.Value);
    }

    [Fact]
    public void Parameter_files_describe_dev_and_prod_sizing()
    {
        var dev = platform.Dev.Parameters;
        var prod = platform.Prod.Parameters;
        Assert.Equal("S1", dev["iotHubSku"]);
        Assert.Equal(1L, dev["iotHubUnits"]);
        Assert.Equal("serverless", dev["cosmosThroughputMode"]);
        Assert.Equal("autoscale", prod["cosmosThroughputMode"]);
        Assert.Equal(true, prod["cosmosDisableLocalAuth"]);
        Assert.Equal("lize", dev["districtId"]);
        Assert.Equal("lize", prod["districtId"]);
        Assert.True((long)prod["frameRetentionDays"]! > (long)prod["framesCoolAfterDays"]!);
    }

    private static YamlMappingNode LoadAzureYaml()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(BicepCli.RepoRoot, "azure.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Placeholder();
}
