using System.Text.Json.Nodes;
using Yunbao.Infra.Tests.Arm;

namespace Yunbao.Infra.Tests;

/// <summary>The Functions app runs on Flex Consumption and gets exactly the configuration names the code reads.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FunctionAppTests(CompiledPlatform platform)
{
    [Fact]
    public void Plan_is_flex_consumption_on_linux()
    {
        foreach (var env in platform.All)
        {
            var plan = env.Deployment.Single("Microsoft.Web/serverfarms");
            Assert.Equal("FC1", plan.Get("sku.name"));
            Assert.Equal("FlexConsumption", plan.Get("sku.tier"));
            Assert.Equal(true, plan.Get("properties.reserved"));
            var site = env.Deployment.Single("Microsoft.Web/sites");
            Assert.Equal(plan.ResourceId, site.Get("properties.serverFarmId"));
        }
    }

    [Fact]
    public void Site_runs_dotnet10_isolated_with_identity_deployment_and_requested_scale()
    {
        foreach (var env in platform.All)
        {
            var site = env.Deployment.Single("Microsoft.Web/sites");
            Assert.Equal("functionapp,linux", site.Get("kind"));
            Assert.Equal("SystemAssigned", site.Get("identity.type"));
            Assert.Equal("dotnet-isolated", site.Get("properties.functionAppConfig.runtime.name"));
            Assert.Equal("10.0", site.Get("properties.functionAppConfig.runtime.version"));
            Assert.Equal("blobContainer", site.Get("properties.functionAppConfig.deployment.storage.type"));
            Assert.Equal("SystemAssignedIdentity", site.Get("properties.functionAppConfig.deployment.storage.authentication.type"));
            Assert.Equal(env.Parameters["functionMaximumInstanceCount"], site.Get("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
            Assert.Equal(env.Parameters["functionInstanceMemoryMB"], site.Get("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB"));
        }
    }

    [Fact]
    public void Prod_keeps_always_ready_http_instances_and_dev_scales_to_zero()
    {
        var prod = Expect.List(platform.Prod.Deployment.Single("Microsoft.Web/sites").Get("properties.functionAppConfig.scaleAndConcurrency.alwaysReady"), "alwaysReady");
        var http = Expect.Obj(Assert.Single(prod), "alwaysReady[0]");
        Assert.Equal("http", http["name"]);
        Assert.Equal(platform.Prod.Parameters["functionAlwaysReadyHttpInstances"], http["instanceCount"]);
        Assert.Empty(Expect.List(platform.Dev.Deployment.Single("Microsoft.Web/sites").Get("properties.functionAppConfig.scaleAndConcurrency.alwaysReady"), "alwaysReady"));
    }

    [Fact]
    public void Site_accepts_only_https_and_tls12_and_no_ftp_or_basic_publishing()
    {
        foreach (var env in platform.All)
        {
            var site = env.Deployment.Single("Microsoft.Web/sites");
            Assert.Equal(true, site.Get("properties.httpsOnly"));
            Assert.Equal("1.2", site.Get("properties.siteConfig.minTlsVersion"));
            Assert.Equal("Disabled", site.Get("properties.siteConfig.ftpsState"));
            var policies = env.Deployment.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
            Assert.Equal(["ftp", "scm"], policies.Select(p => p.Leaf()).Order());
            Assert.All(policies, p => Assert.Equal(false, p.Get("properties.allow")));
        }
    }

    [Fact]
    public void Site_is_tagged_as_the_azd_api_service()
    {
        foreach (var env in platform.All)
        {
            var site = env.Deployment.Single("Microsoft.Web/sites");
            Assert.Equal("api", site.Get("tags.azd-service-name"));
            Assert.Equal(env.Parameters["environmentName"], site.Get("tags.azd-env-name"));
        }
    }

    [Fact]
    public void App_settings_name_every_service_the_code_reads_by_identity()
    {
        foreach (var env in platform.All)
        {
            var d = env.Deployment;
            var settings = Settings(env);
            var storage = d.Single("Microsoft.Storage/storageAccounts");
            var cosmos = d.Single("Microsoft.DocumentDB/databaseAccounts");
            var eventHubs = d.Single("Microsoft.EventHub/namespaces");
            var appInsights = d.Single("Microsoft.Insights/components");
            var site = d.Single("Microsoft.Web/sites");

            Assert.Equal(storage.Name, settings["AzureWebJobsStorage__accountName"]);
            Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
            Assert.True(Expect.IsReferenceTo(settings["Storage__blobServiceUri"], storage.ResourceId, "primaryEndpoints.blob"), Expect.Describe(settings["Storage__blobServiceUri"]));
            Assert.True(Expect.IsReferenceTo(settings["Storage__queueServiceUri"], storage.ResourceId, "primaryEndpoints.queue"), Expect.Describe(settings["Storage__queueServiceUri"]));
            Assert.Equal("managedidentity", settings["Storage__credential"]);
            Assert.True(Expect.IsReferenceTo(settings["Cosmos__accountEndpoint"], cosmos.ResourceId, "documentEndpoint"), Expect.Describe(settings["Cosmos__accountEndpoint"]));
            Assert.Equal("yunbao", settings["Cosmos__databaseName"]);
            Assert.Equal($"reference({eventHubs.ResourceId}).serviceBusEndpoint[1][0]", Assert.IsType<Unknown>(settings["EventHubs__fullyQualifiedNamespace"]).Text);
            Assert.Equal("ops-events", settings["EventHubs__opsEventsHubName"]);
            Assert.Equal("", settings["Vision__Endpoint"]);   // visionMode none (FirstDeploymentTests: create)
            Assert.Equal("simulation", settings["Detector__Provider"]);
            Assert.Equal(env.Parameters["districtId"], settings["District__DistrictId"]);
            Assert.Equal($"https://⟨reference({site.ResourceId}).defaultHostName⟩/api/heatmaps", settings["Heatmaps__TileBaseUrl"]);
            Assert.True(Expect.IsReferenceTo(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], appInsights.ResourceId, "ConnectionString"), Expect.Describe(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]));
            Assert.Equal("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
            Assert.Equal("false", settings["LocalMode"]);
        }
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")] // Flex Consumption rejects it: the runtime lives in functionAppConfig
    [InlineData("COSMOS_DISABLE_IMDS_ACCESS")] // the identity needs the metadata endpoint in Azure
    [InlineData("AzureWebJobsStorage")] // a connection string would carry the account key
    [InlineData("Storage")]
    [InlineData("Cosmos__connectionString")]
    [InlineData("Vision__Key")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    public void App_settings_leave_out_local_only_and_key_based_settings(string name)
    {
        foreach (var env in platform.All) Assert.False(Settings(env).ContainsKey(name), $"{env}: {name} must not be set in Azure");
    }

    [Fact]
    public void Every_setting_of_the_local_sample_has_its_azure_counterpart()
    {
        var sample = Path.Combine(BicepCli.RepoRoot, "local.settings.sample.json");
        Assert.True(File.Exists(sample), "local.settings.sample.json is the local side of the settings contract");
        var values = JsonNode.Parse(File.ReadAllText(sample))!["Values"]!.AsObject().Select(kv => kv.Key).ToList();
        // Local-only names and the Azure settings that replace them (see the sample's _comments).
        var replacedBy = new Dictionary<string, string[]>
        {
            ["AzureWebJobsStorage"] = ["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential"],
            ["Storage"] = ["Storage__blobServiceUri", "Storage__queueServiceUri", "Storage__credential"],
            ["Cosmos__connectionString"] = ["Cosmos__accountEndpoint"],
            ["Vision__Key"] = ["Vision__Endpoint"],
            ["FUNCTIONS_WORKER_RUNTIME"] = [],
            ["COSMOS_DISABLE_IMDS_ACCESS"] = [],
        };
        foreach (var env in platform.All)
        {
            var settings = Settings(env);
            foreach (var name in values)
            {
                // The simulation detector's tuning only matters with Detector__Provider=simulation.
                if (name.StartsWith("SimulationDetector__", StringComparison.Ordinal)) continue;
                var expected = replacedBy.TryGetValue(name, out var azure) ? azure : [name];
                foreach (var key in expected) Assert.True(settings.ContainsKey(key), $"{env}: local setting {name} needs {key} in Azure");
            }
        }
    }

    [Fact]
    public void Outputs_tell_the_operator_where_the_api_and_tiles_are()
    {
        foreach (var env in platform.All)
        {
            var o = env.Deployment.Outputs;
            var site = env.Deployment.Single("Microsoft.Web/sites");
            Assert.Equal(site.Name, o["SERVICE_API_NAME"]);
            Assert.Equal(site.Name, o["AZURE_FUNCTION_APP_NAME"]);
            Assert.Equal($"https://⟨reference({site.ResourceId}).defaultHostName⟩", o["SERVICE_API_URI"]);
            Assert.Equal(Settings(env)["Heatmaps__TileBaseUrl"], o["HEATMAPS_TILE_BASE_URL"]);
            Assert.Equal(env.Deployment.Single("Microsoft.Resources/resourceGroups").Name, o["AZURE_RESOURCE_GROUP"]);
            Assert.Equal(env.Parameters["location"], o["AZURE_LOCATION"]);
            Assert.Equal(env.Deployment.OfType("Microsoft.Devices/IotHubs").Last().Name, o["IOTHUB_NAME"]);
            Assert.EndsWith(".hostName⟩", o["IOTHUB_HOSTNAME"]?.ToString());
            Assert.Equal(env.Deployment.Single("Microsoft.Insights/components").Name, o["APPLICATIONINSIGHTS_NAME"]);
        }
    }

    private static Dictionary<string, object?> Settings(CompiledPlatform.Environment env)
    {
        var config = Assert.Single(env.Deployment.OfType("Microsoft.Web/sites/config"), c => c.Leaf() == "appsettings");
        return config.Properties;
    }
}
