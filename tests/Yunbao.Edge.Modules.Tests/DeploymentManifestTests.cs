using System.Text.Json;
using Yunbao.Edge.EnvSensor;
using Yunbao.Edge.FixedCamera;
using Yunbao.Edge.PatrolCamera;
using Yunbao.IotHubStandIn;

namespace Yunbao.Edge.Modules.Tests;

public sealed class DeploymentManifestTests
{
    private static readonly EdgeDeploymentManifest Manifest = EdgeDeploymentManifest.Load(StorageFixture.ManifestPath);

    private static readonly Dictionary<string, IReadOnlyList<string>> DesiredPropertiesRead = new()
    {
        [PatrolCameraModule.DefaultModuleId] = PatrolCameraSettings.DesiredPropertyNames,
        [FixedCameraModule.DefaultModuleId] = FixedCameraSettings.DesiredPropertyNames,
        [EnvSensorModule.DefaultModuleId] = EnvSensorSettings.DesiredPropertyNames,
    };

    [Fact]
    public void Manifest_declares_the_three_modules_with_images_and_createOptions_that_parse_as_JSON()
    {
        Assert.Equal(DesiredPropertiesRead.Keys.Order(), Manifest.Modules.Select(m => m.Name).Order());
        Assert.All(Manifest.Modules, module =>
        {
            Assert.False(string.IsNullOrWhiteSpace(module.Image), $"{module.Name} has no image");
            using var createOptions = JsonDocument.Parse(module.CreateOptions);   // throws when it is not JSON
            Assert.Equal(JsonValueKind.Object, createOptions.RootElement.ValueKind);
            Assert.Equal("running", module.Status);
            Assert.Equal("lize", module.Env["District__DistrictId"]);
        });
        var agent = Manifest.Document["modulesContent"]!["$edgeAgent"]!["properties.desired"]!;
        foreach (var system in new[] { "edgeAgent", "edgeHub" })
            JsonDocument.Parse(agent["systemModules"]![system]!["settings"]!["createOptions"]!.GetValue<string>()).Dispose();
        Assert.Equal("docker", agent["runtime"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Every_route_names_an_existing_module_and_goes_upstream_and_every_module_is_routed()
    {
        var names = Manifest.Modules.Select(m => m.Name).ToHashSet();
        Assert.NotEmpty(Manifest.Routes);
        Assert.All(Manifest.Routes, route =>
        {
            Assert.Equal("$upstream", route.Sink);
            var parts = route.Source.Trim('/').Split('/');
            Assert.Equal(["messages", "modules"], parts[..2]);
            Assert.Contains(parts[2], names);
        });
        Assert.All(names, module => Assert.True(Manifest.RoutesUpstream(module, "telemetry"), $"{module}'s telemetry output is not routed upstream"));
        Assert.True(Manifest.StoreAndForwardTimeToLiveSecs > 0);
    }

    [Fact]
    public void Desired_property_names_are_exactly_those_the_modules_read()
    {
        Assert.Equal(DesiredPropertiesRead.Keys.Order(), Manifest.ModuleDesiredProperties.Keys.Order());
        foreach (var (module, desired) in Manifest.ModuleDesiredProperties)
            Assert.All(desired.Select(p => p.Key), name => Assert.Contains(name, DesiredPropertiesRead[module]));
        var thresholds = Manifest.ModuleDesiredProperties[EnvSensorModule.DefaultModuleId]["thresholds"]!.AsObject();
        Assert.All(thresholds, t => Assert.True(t.Value!["clear"]!.GetValue<double>() <= t.Value!["raise"]!.GetValue<double>(), $"{t.Key}: clear above raise"));
    }

    [Fact]
    public void A_route_for_one_output_does_not_send_other_outputs_upstream()
    {
        var route = EdgeRoute.Parse("r", "FROM /messages/modules/EnvSensor/outputs/alerts INTO $upstream");

        Assert.True(route.SendsUpstream("EnvSensor", "alerts"));
        Assert.False(route.SendsUpstream("EnvSensor", "telemetry"));
        Assert.False(route.SendsUpstream("PatrolCamera", "alerts"));
        Assert.Throws<FormatException>(() => EdgeRoute.Parse("bad", "SELECT * INTO $upstream"));
    }
}
