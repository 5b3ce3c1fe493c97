using Yunbao.Infra.Tests.Arm;

namespace Yunbao.Infra.Tests;

/// <summary>Telemetry and frames travel IoT Hub → Event Hubs / Event Grid → Storage queues, all without keys.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MessagingTests(CompiledPlatform platform)
{
    [Theory]
    [InlineData("telemetry")]
    [InlineData("ops-events")]
    public void Event_hub_exists_with_platform_and_analytics_consumer_groups(string hub)
    {
        foreach (var env in platform.All)
        {
            var eventHub = Assert.Single(env.Deployment.OfType("Microsoft.EventHub/namespaces/eventhubs"), h => h.Leaf() == hub);
            var groups = env.Deployment.OfType("Microsoft.EventHub/namespaces/eventhubs/consumergroups")
                .Where(g => g.Name.StartsWith(eventHub.Name + "/", StringComparison.Ordinal)).Select(g => g.Leaf()).ToList();
            Assert.Contains("platform", groups);
            Assert.Contains("analytics", groups);
        }
    }

    [Fact]
    public void Event_hubs_namespace_is_standard_with_sas_keys_off()
    {
        foreach (var env in platform.All)
        {
            var ns = env.Deployment.Single("Microsoft.EventHub/namespaces");
            Assert.Equal("Standard", ns.Get("sku.name"));
            Assert.Equal(env.Parameters["eventHubsThroughputUnits"], ns.Get("sku.capacity"));
            Assert.Equal(true, ns.Get("properties.disableLocalAuth"));
            Assert.Equal("1.2", ns.Get("properties.minimumTlsVersion"));
        }
    }

    [Fact]
    public void Iot_hub_has_a_system_identity_and_the_requested_size()
    {
        foreach (var env in platform.All)
            foreach (var hub in env.Deployment.OfType("Microsoft.Devices/IotHubs"))
            {
                Assert.Equal("SystemAssigned", hub.Get("identity.type"));
                Assert.Equal(env.Parameters["iotHubSku"], hub.Get("sku.name"));
                Assert.Equal(env.Parameters["iotHubUnits"], hub.Get("sku.capacity"));
                // eastasia offers no TLS 1.2 enforcement, so the property is left out (FirstDeploymentTests covers the regions).
                Assert.Null(hub.Get("properties.minTlsVersion"));
            }
    }

    [Fact]
    public void Iot_hub_uploads_files_to_frames_with_its_identity()
    {
        var (env, hub) = FinalIotHub(platform.Dev);
        var upload = Expect.Obj(hub.Get("properties.storageEndpoints.$default"), "storageEndpoints.$default");
        Assert.Equal("frames", upload["containerName"]);
        Assert.Equal("identityBased", upload["authenticationType"]);
        var connection = Expect.Str(upload["connectionString"], "file upload connection string");
        var account = env.Deployment.Single("Microsoft.Storage/storageAccounts");
        Assert.Contains($"AccountName={account.Name};", connection);
        Assert.DoesNotContain("AccountKey", connection, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature", connection, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Iot_hub_routes_all_telemetry_to_the_telemetry_event_hub_with_its_identity()
    {
        foreach (var env in platform.All)
        {
            var (_, hub) = FinalIotHub(env);
            var endpoint = Expect.Obj(Assert.Single(Expect.List(hub.Get("properties.routing.endpoints.eventHubs"), "eventHubs endpoints")), "endpoint");
            Assert.Equal("identityBased", endpoint["authenticationType"]);
            Assert.Equal("telemetry", endpoint["entityPath"]);
            Assert.StartsWith("sb://", Expect.Str(endpoint["endpointUri"], "endpointUri"));
            Assert.False(endpoint.ContainsKey("connectionString"), "identity-based endpoints carry no connection string");

            var routes = Routes(hub);
            var all = Assert.Single(routes, r => Expect.Strings(r["endpointNames"], "endpointNames").Contains(endpoint["name"]));
            Assert.Equal("DeviceMessages", all["source"]);
            Assert.Equal("true", all["condition"]);
            Assert.Equal(true, all["isEnabled"]);
        }
    }

    [Fact]
    public void Iot_hub_keeps_a_route_to_the_built_in_events_endpoint_and_the_fallback()
    {
        foreach (var env in platform.All)
        {
            var (_, hub) = FinalIotHub(env);
            Assert.Contains(Routes(hub), r => Expect.Strings(r["endpointNames"], "endpointNames").SequenceEqual(["events"]) && (string?)r["condition"] == "true");
            var fallback = Expect.Obj(hub.Get("properties.routing.fallbackRoute"), "fallbackRoute");
            Assert.Equal(true, fallback["isEnabled"]);
            Assert.Equal(["events"], Expect.Strings(fallback["endpointNames"], "fallback endpoints"));
        }
    }

    [Fact]
    public void First_deployment_leaves_the_event_grid_route_to_iot_hub()
    {
        // IoT Hub creates RouteToEventGrid with the first DeviceTelemetry subscription and rejects adding it (IH400126).
        foreach (var env in new[] { platform.Dev, platform.Prod })
            foreach (var hub in env.Deployment.OfType("Microsoft.Devices/IotHubs"))
                Assert.DoesNotContain(Routes(hub), r => Expect.Strings(r["endpointNames"], "endpointNames").Contains("eventgrid"));
    }

    [Fact]
    public void Redeploy_repeats_the_event_grid_route_with_only_the_ingested_types_and_skips_the_first_pass()
    {
        var hub = Assert.Single(platform.DevRedeploy.Deployment.OfType("Microsoft.Devices/IotHubs"));
        Assert.Equal("main/iotHub", hub.Deployment);
        // Dropping it would be rejected too (IH400126), so every later update carries it.
        var toEventGrid = Assert.Single(Routes(hub), r => Expect.Strings(r["endpointNames"], "endpointNames").SequenceEqual(["eventgrid"]));
        Assert.Equal("RouteToEventGrid", toEventGrid["name"]);
        Assert.Equal("type = 'position' OR type = 'sensor' OR type = 'alert'", toEventGrid["condition"]);
    }

    [Fact]
    public void Iot_hub_identity_gets_its_roles_before_the_identity_based_endpoints_are_saved()
    {
        var deployments = (System.Text.Json.Nodes.JsonObject)platform.Template["resources"]!;
        var final = deployments["iotHub"]!;
        Assert.Contains("iotHubRoles", final["dependsOn"]!.AsArray().Select(d => (string?)d));
        var first = platform.Dev.Deployment.OfType("Microsoft.Devices/IotHubs").First();
        Assert.Equal("main/iotHubIdentity", first.Deployment);
        Assert.Empty(Expect.List(first.Get("properties.routing.endpoints.eventHubs"), "first-pass endpoints"));
    }

    [Fact]
    public void Blob_created_events_under_frames_reach_the_frame_events_queue_with_the_topic_identity()
    {
        foreach (var env in platform.All)
        {
            var account = env.Deployment.Single("Microsoft.Storage/storageAccounts");
            var topic = Assert.Single(env.Deployment.OfType("Microsoft.EventGrid/systemTopics"), t => t.Get("properties.topicType") as string == "Microsoft.Storage.StorageAccounts");
            Assert.Equal(account.ResourceId, topic.Get("properties.source"));
            Assert.Equal("SystemAssigned", topic.Get("identity.type"));

            var subscription = SubscriptionOf(env, topic);
            Assert.Equal(["Microsoft.Storage.BlobCreated"], Expect.Strings(subscription.Get("properties.filter.includedEventTypes"), "event types"));
            Assert.Equal("/blobServices/default/containers/frames/", subscription.Get("properties.filter.subjectBeginsWith"));
            AssertQueueDelivery(subscription, account, "frame-events");
        }
    }

    [Fact]
    public void Device_telemetry_of_position_sensor_and_alert_type_reaches_the_telemetry_queue()
    {
        foreach (var env in platform.All)
        {
            var account = env.Deployment.Single("Microsoft.Storage/storageAccounts");
            var hub = env.Deployment.OfType("Microsoft.Devices/IotHubs").Last();
            var topic = Assert.Single(env.Deployment.OfType("Microsoft.EventGrid/systemTopics"), t => t.Get("properties.topicType") as string == "Microsoft.Devices.IoTHubs");
            Assert.Equal(hub.ResourceId, topic.Get("properties.source"));

            var subscription = SubscriptionOf(env, topic);
            Assert.Equal(["Microsoft.Devices.DeviceTelemetry"], Expect.Strings(subscription.Get("properties.filter.includedEventTypes"), "event types"));
            var filter = Expect.Obj(Assert.Single(Expect.List(subscription.Get("properties.filter.advancedFilters"), "advancedFilters")), "filter");
            Assert.Equal("StringIn", filter["operatorType"]);
            Assert.Equal("data.properties.type", filter["key"]);
            Assert.Equal(["position", "sensor", "alert"], Expect.Strings(filter["values"], "values"));
            AssertQueueDelivery(subscription, account, "telemetry");
        }
    }

    private static void AssertQueueDelivery(EvaluatedResource subscription, EvaluatedResource account, string queue)
    {
        Assert.Null(subscription.Get("properties.destination"));
        Assert.Equal("SystemAssigned", subscription.Get("properties.deliveryWithResourceIdentity.identity.type"));
        var destination = Expect.Obj(subscription.Get("properties.deliveryWithResourceIdentity.destination"), "destination");
        Assert.Equal("StorageQueue", destination["endpointType"]);
        Assert.Equal(account.ResourceId, Json.Path(destination, "properties.resourceId"));
        Assert.Equal(queue, Json.Path(destination, "properties.queueName"));
    }

    private static EvaluatedResource SubscriptionOf(CompiledPlatform.Environment env, EvaluatedResource topic) =>
        Assert.Single(env.Deployment.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"), s => s.Name.StartsWith(topic.Name + "/", StringComparison.Ordinal));

    private static (CompiledPlatform.Environment, EvaluatedResource) FinalIotHub(CompiledPlatform.Environment env)
    {
        var hubs = env.Deployment.OfType("Microsoft.Devices/IotHubs").ToList();
        Assert.Equal(true.Equals(env.Parameters.GetValueOrDefault("iotHubExists")) ? 1 : 2, hubs.Count);
        Assert.All(hubs, h => Assert.Equal(hubs[0].Name, h.Name));
        return (env, hubs.Single(h => h.Deployment == "main/iotHub"));
    }

    private static List<Dictionary<string, object?>> Routes(EvaluatedResource hub) =>
        Expect.List(hub.Get("properties.routing.routes"), "routes").Select(r => Expect.Obj(r, "route")).ToList();
}
