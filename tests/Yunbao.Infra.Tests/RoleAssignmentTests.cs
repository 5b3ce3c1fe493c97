using System.Text.Json.Nodes;
using Yunbao.Infra.Tests.Arm;

namespace Yunbao.Infra.Tests;

/// <summary>Every identity gets the data-plane roles it needs, each on the one resource it uses, and nothing broader.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RoleAssignmentTests(CompiledPlatform platform)
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageQueueDataMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
    private const string EventHubsDataSender = "2b629674-e913-4c01-ae53-ef4638d8f975";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CosmosBuiltInDataContributor = "00000000-0000-0000-0000-000000000002";

    private static readonly string[] BroadRoles =
    [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
        "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", // User Access Administrator
        "17d1049b-9a84-46fb-8f53-869881c3d3ab", // Storage Account Contributor
    ];

    private sealed record Grant(string Principal, string Role, string Scope)
    {
        public override string ToString() => $"{Role} on {Scope} for {Principal}";
    }

    [Fact]
    public void Function_app_gets_exactly_its_data_roles_each_on_its_resource()
    {
        var d = platform.Dev.Deployment;
        var app = Principal(d.Single("Microsoft.Web/sites"));
        var expected = new[]
        {
            new Grant(app, StorageBlobDataOwner, d.Single("Microsoft.Storage/storageAccounts").ResourceId),
            new Grant(app, StorageQueueDataContributor, d.Single("Microsoft.Storage/storageAccounts").ResourceId),
            new Grant(app, EventHubsDataSender, d.OfType("Microsoft.EventHub/namespaces/eventhubs").Single(h => h.Leaf() == "ops-events").ResourceId),
            new Grant(app, MonitoringMetricsPublisher, d.Single("Microsoft.Insights/components").ResourceId),
        };
        var actual = Grants(platform.Dev).Where(g => g.Principal == app).ToList();
        Assert.Equal(expected.OrderBy(g => g.ToString()), actual.OrderBy(g => g.ToString()));
    }

    [Fact]
    public void Function_app_reads_and_writes_cosmos_through_the_built_in_data_contributor_role()
    {
        foreach (var env in platform.All)
        {
            var account = env.Deployment.Single("Microsoft.DocumentDB/databaseAccounts");
            var assignment = env.Deployment.Single("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments");
            Assert.StartsWith(account.Name + "/", assignment.Name);
            Assert.Equal(Principal(env.Deployment.Single("Microsoft.Web/sites")), PrincipalText(assignment.Get("properties.principalId")));
            Assert.Equal($"{account.ResourceId}/sqlRoleDefinitions/{CosmosBuiltInDataContributor}", assignment.Get("properties.roleDefinitionId"));
            Assert.Equal(account.ResourceId, assignment.Get("properties.scope"));
        }
    }

    [Fact]
    public void Iot_hub_writes_uploads_and_sends_routed_telemetry_with_its_identity()
    {
        var d = platform.Dev.Deployment;
        var hub = Principal(d.OfType("Microsoft.Devices/IotHubs").First());
        var expected = new[]
        {
            new Grant(hub, StorageBlobDataContributor, d.Single("Microsoft.Storage/storageAccounts").ResourceId),
            new Grant(hub, EventHubsDataSender, d.OfType("Microsoft.EventHub/namespaces/eventhubs").Single(h => h.Leaf() == "telemetry").ResourceId),
        };
        Assert.Equal(expected.OrderBy(g => g.ToString()), Grants(platform.Dev).Where(g => g.Principal == hub).OrderBy(g => g.ToString()));
    }

    [Fact]
    public void On_redeploy_the_existing_hub_identity_keeps_its_roles()
    {
        var d = platform.DevRedeploy.Deployment;
        var hub = Principal(Assert.Single(d.OfType("Microsoft.Devices/IotHubs")));
        var roles = Grants(platform.DevRedeploy).Where(g => g.Principal == hub).Select(g => g.Role).Order();
        Assert.Equal(new[] { EventHubsDataSender, StorageBlobDataContributor }.Order(), roles);
    }

    [Fact]
    public void Event_grid_topics_may_only_send_queue_messages()
    {
        var d = platform.Dev.Deployment;
        var storage = d.Single("Microsoft.Storage/storageAccounts").ResourceId;
        foreach (var topic in d.OfType("Microsoft.EventGrid/systemTopics"))
        {
            var grant = Assert.Single(Grants(platform.Dev), g => g.Principal == Principal(topic));
            Assert.Equal(new Grant(Principal(topic), StorageQueueDataMessageSender, storage), grant);
        }
    }

    [Fact]
    public void Every_role_assignment_is_scoped_to_one_resource_and_none_is_a_broad_role()
    {
        foreach (var env in platform.All)
        {
            var grants = Grants(env);
            Assert.Equal(8, grants.Count);   // 9 with Vision (FirstDeploymentTests)
            foreach (var g in grants)
            {
                Assert.Contains("/providers/", g.Scope);
                Assert.DoesNotContain(g.Role, BroadRoles);
                Assert.Contains(env.Deployment.Resources, r => string.Equals(r.ResourceId, g.Scope, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    [Fact]
    public void Role_assignment_names_are_deterministic_guids()
    {
        foreach (var file in Directory.EnumerateFiles(platform.TemplatesDir, "*.json", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (var resource in AllResources(JsonNode.Parse(text)!))
            {
                var type = (string?)resource["type"];
                if (type is "Microsoft.Authorization/roleAssignments")
                    Assert.StartsWith("[guid(", (string?)resource["name"]);
                if (type is "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments")
                    Assert.Contains("guid(", (string?)resource["name"]);
            }
        }
    }

    private static IEnumerable<JsonObject> AllResources(JsonNode template)
    {
        var resources = template["resources"];
        var list = resources is JsonObject o ? o.Select(kv => kv.Value!.AsObject()) : resources?.AsArray().Select(n => n!.AsObject()) ?? [];
        foreach (var r in list)
        {
            yield return r;
            // properties can be one expression (a conditional object), which holds no nested template
            if (r["properties"] is JsonObject properties && properties["template"] is { } nested)
                foreach (var inner in AllResources(nested)) yield return inner;
        }
    }

    private static List<Grant> Grants(CompiledPlatform.Environment env) =>
        env.Deployment.OfType("Microsoft.Authorization/roleAssignments").Select(r =>
        {
            var roleId = Expect.Str(r.Get("properties.roleDefinitionId"), "roleDefinitionId");
            Assert.StartsWith($"/subscriptions/{ArmTemplateEvaluator.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/", roleId);
            Assert.Equal("ServicePrincipal", r.Get("properties.principalType"));
            return new Grant(PrincipalText(r.Get("properties.principalId")), roleId.Split('/')[^1], Expect.Str(r.Get("scope"), $"{r} scope"));
        }).ToList();

    /// <summary>The deploy-time principal id of a resource's system-assigned identity.</summary>
    private static string Principal(EvaluatedResource r) => $"reference({r.ResourceId}).identity.principalId";

    private static string PrincipalText(object? value) => Assert.IsType<Unknown>(value).Text;
}
