using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
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

    private static string TemplateText => File.ReadAllText(StorageFixture.ManifestPath);

    // Built once: the library registers a schema under its $id and refuses a second registration.
    private static readonly JsonSchema EdgeSchema =
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "iotedge-1.6-deployment.schema.json")));

    [Fact]
    public void Manifest_matches_the_IoT_Edge_1_6_deployment_schema_with_1_6_system_images()
    {
        var schema = EdgeSchema;
        using var manifest = JsonDocument.Parse(TemplateText);

        var result = schema.Evaluate(manifest.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).ToList();
        Assert.True(result.IsValid, "manifest does not match the IoT Edge 1.6 schema:\n" + string.Join("\n", errors));
        var system = manifest.RootElement.GetProperty("modulesContent").GetProperty("$edgeAgent").GetProperty("properties.desired").GetProperty("systemModules");
        Assert.Equal("mcr.microsoft.com/azureiotedge-agent:1.6", system.GetProperty("edgeAgent").GetProperty("settings").GetProperty("image").GetString());
        Assert.Equal("mcr.microsoft.com/azureiotedge-hub:1.6", system.GetProperty("edgeHub").GetProperty("settings").GetProperty("image").GetString());
    }

    [Fact]
    public void The_schema_refuses_an_IoT_Edge_1_5_system_image_and_a_module_without_a_restart_policy()
    {
        var schema = EdgeSchema;
        var old = JsonNode.Parse(TemplateText)!;
        old["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["systemModules"]!["edgeHub"]!["settings"]!["image"] = "mcr.microsoft.com/azureiotedge-hub:1.5";
        var noRestart = JsonNode.Parse(TemplateText)!;
        noRestart["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["modules"]!["EnvSensor"]!.AsObject().Remove("restartPolicy");

        Assert.False(schema.Evaluate(JsonDocument.Parse(old.ToJsonString()).RootElement).IsValid);
        Assert.False(schema.Evaluate(JsonDocument.Parse(noRestart.ToJsonString()).RootElement).IsValid);
    }

    [Fact]
    public void Each_module_can_reach_the_device_nodes_and_folders_its_sources_are_configured_for()
    {
        foreach (var module in Manifest.Modules)
        {
            var host = JsonNode.Parse(module.CreateOptions)!["HostConfig"]!;
            var binds = host["Binds"]?.AsArray().Select(b => b!.GetValue<string>().Split(':')).ToList() ?? [];
            var devices = host["Devices"]?.AsArray().Select(d => d!["PathInContainer"]!.GetValue<string>()).ToList() ?? [];
            foreach (var (name, value) in module.Env)
            {
                if (value.StartsWith("/dev/", StringComparison.Ordinal))
                    Assert.True(devices.Contains(value), $"{module.Name}: {name}={value} is a device node the container is not given (HostConfig.Devices)");
                else if (name is "Sources__Folder")
                    Assert.True(binds.Any(b => b[1] == value && b.ElementAtOrDefault(2) == "ro"), $"{module.Name}: {name}={value} is not bind-mounted read-only");
            }
            // A device node the non-root user reads needs its group (serial devices: dialout).
            if (devices.Count > 0)
                Assert.Contains("dialout", host["GroupAdd"]!.AsArray().Select(g => g!.GetValue<string>()));
        }
        var patrol = Manifest.Modules.Single(m => m.Name == PatrolCameraModule.DefaultModuleId);
        Assert.Equal(("folder", "nmea"), (patrol.Env["Sources__Kind"], patrol.Env["Sources__Gnss"]));
    }

    [Fact]
    public void Camera_modules_upload_frames_with_the_device_identity_from_a_mounted_file_never_a_key_in_the_manifest()
    {
        Assert.DoesNotContain("SharedAccessKey", TemplateText, StringComparison.OrdinalIgnoreCase);
        foreach (var module in Manifest.Modules.Where(m => m.Name is PatrolCameraModule.DefaultModuleId or FixedCameraModule.DefaultModuleId))
        {
            var file = module.Env["FrameUploader__DeviceConnectionStringFile"];
            Assert.False(module.Env.ContainsKey("FrameUploader__DeviceConnectionString"), $"{module.Name}: a key in the manifest lands in the $edgeAgent twin");
            var binds = JsonNode.Parse(module.CreateOptions)!["HostConfig"]!["Binds"]!.AsArray().Select(b => b!.GetValue<string>().Split(':')).ToList();
            Assert.True(binds.Any(b => file.StartsWith(b[1] + "/", StringComparison.Ordinal) && b.ElementAtOrDefault(2) == "ro"), $"{module.Name}: {file} is not in a read-only bind mount");
        }
        Assert.False(Manifest.Modules.Single(m => m.Name == EnvSensorModule.DefaultModuleId).Env.ContainsKey("FrameUploader__DeviceConnectionStringFile"));
    }
}
