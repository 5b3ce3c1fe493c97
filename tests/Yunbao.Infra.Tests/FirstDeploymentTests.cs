using System.Text.Json.Nodes;
using Yunbao.Infra.Tests.Arm;

namespace Yunbao.Infra.Tests;

/// <summary>
/// A first `azd up` on a fresh subscription succeeds, and so does every later one (issue 14, point 1): Vision optional,
/// minTlsVersion only where offered, regions with every resource, waits for role propagation, role names with the principal.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FirstDeploymentTests(CompiledPlatform platform)
{
    private const string CognitiveServicesUser = "a97b65f3-24c7-4388-baec-2e87135dc908";

    private CompiledPlatform.Environment With(string name, params (string Key, object? Value)[] overrides)
    {
        var parameters = new Dictionary<string, object?>(platform.Dev.Parameters, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in overrides) parameters[key] = value;
        return platform.EvaluateWith(name, parameters);
    }

    private static Dictionary<string, object?> AppSettings(CompiledPlatform.Environment env) =>
        Assert.Single(env.Deployment.OfType("Microsoft.Web/sites/config"), c => c.Name.EndsWith("/appsettings", StringComparison.Ordinal)).Properties;

    [Fact]
    public void Without_vision_nothing_needs_the_responsible_AI_terms_and_the_app_runs_the_simulation_detector()
    {
        foreach (var env in platform.All)
        {
            Assert.Equal("none", env.Parameters["visionMode"]);
            Assert.Empty(env.Deployment.OfType("Microsoft.CognitiveServices/accounts"));
            Assert.Equal("simulation", AppSettings(env)["Detector__Provider"]);
            Assert.Equal("", AppSettings(env)["Vision__Endpoint"]);
            Assert.DoesNotContain(env.Deployment.OfType("Microsoft.Authorization/roleAssignments"),
                r => ((string)r.Get("properties.roleDefinitionId")!).EndsWith(CognitiveServicesUser, StringComparison.Ordinal));
            Assert.Equal("simulation", env.Deployment.Outputs["YUNBAO_DETECTOR_PROVIDER"]);
        }
    }

    [Fact]
    public void With_vision_created_the_app_calls_it_with_its_identity()
    {
        var env = With("vision create", ("visionMode", "create"));

        var vision = Assert.Single(env.Deployment.OfType("Microsoft.CognitiveServices/accounts"));
        Assert.Equal("ComputerVision", vision.Get("kind"));
        Assert.Equal("azure-vision", AppSettings(env)["Detector__Provider"]);
        Assert.NotEqual("", AppSettings(env)["Vision__Endpoint"]);
        var grant = Assert.Single(env.Deployment.OfType("Microsoft.Authorization/roleAssignments"),
            r => ((string)r.Get("properties.roleDefinitionId")!).EndsWith(CognitiveServicesUser, StringComparison.Ordinal));
        Assert.Equal("main/visionRole", grant.Deployment);
    }

    [Fact]
    public void Vision_mode_is_a_closed_choice_and_azd_defaults_it_to_none()
    {
        var allowed = Expect.Strings(Json.FromNode(platform.Template["parameters"]!["visionMode"]!["allowedValues"]!), "visionMode allowedValues");
        Assert.Equal(["none", "create", "existing"], allowed);
        var azd = File.ReadAllText(Path.Combine(BicepCli.InfraDir, "main.parameters.json"));
        Assert.Contains("${YUNBAO_VISION_MODE=none}", azd, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eastus", true)]
    [InlineData("southcentralus", true)]
    [InlineData("westus2", true)]
    [InlineData("eastasia", false)]
    [InlineData("westeurope", false)]
    public void Iot_hub_enforces_tls12_only_in_the_regions_that_offer_it(string location, bool enforced)
    {
        var env = With(location, ("location", location));

        foreach (var hub in env.Deployment.OfType("Microsoft.Devices/IotHubs"))
            Assert.Equal(enforced ? "1.2" : null, hub.Get("properties.minTlsVersion"));
        Assert.Equal(enforced, env.Deployment.Outputs["IOTHUB_TLS12_ENFORCED"]);
    }

    [Fact]
    public void Location_is_limited_to_regions_with_every_resource_flex_consumption_included()
    {
        var allowed = Expect.Strings(Json.FromNode(platform.Template["parameters"]!["location"]!["allowedValues"]!), "location allowedValues");

        Assert.Contains("eastasia", allowed);   // the parameter files' default
        Assert.Contains("eastus", allowed);
        // Regions without Flex Consumption (or without IoT Hub) are not offered, so azd cannot pick them.
        Assert.DoesNotContain("westindia", allowed);
        Assert.DoesNotContain("jioindiacentral", allowed);
        Assert.DoesNotContain("chinaeast2", allowed);
        var readme = File.ReadAllText(Path.Combine(BicepCli.InfraDir, "README.md"));
        Assert.All(allowed, region => Assert.Contains($"`{region}`", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void First_deployment_waits_for_role_propagation_before_each_step_that_needs_the_grants()
    {
        var d = platform.Dev.Deployment;
        var waits = d.OfType("Microsoft.Resources/deploymentScripts").ToList();

        Assert.Equal(["wait-eventgrid-roles", "wait-functionapp-roles", "wait-iothub-roles"], waits.Select(w => w.Name).Order());
        Assert.All(waits, w => Assert.Contains("sleep", (string)w.Get("properties.scriptContent")!, StringComparison.Ordinal));
        Assert.All(waits, w => Assert.Null(w.Get("identity")));   // it calls nothing, so it holds no identity
        Assert.All(waits, w => Assert.Contains(Expect.List(w.Get("properties.environmentVariables"), "env"),
            e => e is Dictionary<string, object?> v && (string?)v["name"] == "WAIT_SECONDS" && (string?)v["value"] == "300"));

        var resources = (JsonObject)platform.Template["resources"]!;
        Assert.Contains("iotHubRolesPropagated", DependsOn(resources["iotHub"]!));
        Assert.Contains("iotHubRoles", DependsOn(resources["iotHubRolesPropagated"]!));
        Assert.Contains("functionAppRoles", DependsOn(resources["functionAppRolesPropagated"]!));
        var eventGrid = (JsonObject)resources["eventGrid"]!["properties"]!["template"]!["resources"]!;
        Assert.Contains("rolesPropagated", DependsOn(eventGrid["framesCreated"]!));
        Assert.Contains("rolesPropagated", DependsOn(eventGrid["telemetryEvents"]!));
        Assert.Contains("storageTopicSendsToQueues", DependsOn(eventGrid["rolesPropagated"]!));
    }

    [Fact]
    public void Later_deployments_do_not_wait()
    {
        Assert.Empty(platform.DevRedeploy.Deployment.OfType("Microsoft.Resources/deploymentScripts"));
    }

    [Fact]
    public void A_hub_that_exists_without_the_event_grid_route_is_updated_without_it()
    {
        // The first run failed after the hub but before the Event Grid subscription: the hook finds the hub, no route.
        var env = With("hub without route", ("iotHubExists", true), ("iotHubHasEventGridRoute", false));

        var hub = Assert.Single(env.Deployment.OfType("Microsoft.Devices/IotHubs"));
        var routes = Expect.List(hub.Get("properties.routing.routes"), "routes").Cast<Dictionary<string, object?>>();
        Assert.DoesNotContain(routes, r => (string?)r["name"] == "RouteToEventGrid");
    }

    [Fact]
    public void Every_role_assignment_name_includes_the_principal_it_grants_to()
    {
        // guid(scope, principalId, role): a recreated identity (topic, hub, app) gets a new assignment instead of
        // RoleAssignmentUpdateNotPermitted on the old one's name.
        var checkedAssignments = 0;
        foreach (var file in Directory.EnumerateFiles(platform.TemplatesDir, "*.json", SearchOption.AllDirectories))
            foreach (var resource in AllResources(JsonNode.Parse(File.ReadAllText(file))!))
                if ((string?)resource["type"] is "Microsoft.Authorization/roleAssignments" or "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments")
                {
                    checkedAssignments++;
                    Assert.Contains("parameters('principalId')", (string?)resource["name"], StringComparison.Ordinal);
                    Assert.Contains("parameters('principalId')", resource["properties"]!["principalId"]!.GetValue<string>(), StringComparison.Ordinal);
                }
        Assert.True(checkedAssignments >= 9, $"found {checkedAssignments} role assignments");
    }

    [Fact]
    public void Cosmos_mode_is_documented_as_fixed_at_creation()
    {
        var description = (string?)platform.Template["parameters"]!["cosmosThroughputMode"]!["metadata"]!["description"];
        Assert.Contains("CREATED", description, StringComparison.Ordinal);
        Assert.Contains("cannot switch in place", description, StringComparison.Ordinal);
    }

    private static IEnumerable<string?> DependsOn(JsonNode resource) =>
        resource["dependsOn"] is JsonArray deps ? deps.Select(d => (string?)d) : [];

    private static IEnumerable<JsonObject> AllResources(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            if (obj["type"] is JsonValue && obj["name"] is JsonValue && obj["apiVersion"] is JsonValue) yield return obj;
            foreach (var (_, child) in obj)
                if (child is not null)
                    foreach (var r in AllResources(child)) yield return r;
        }
        else if (node is JsonArray array)
            foreach (var child in array)
                if (child is not null)
                    foreach (var r in AllResources(child)) yield return r;
    }
}
