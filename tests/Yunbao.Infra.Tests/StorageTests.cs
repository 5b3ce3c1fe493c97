namespace Yunbao.Infra.Tests;

/// <summary>The storage account holds the names the code reads and refuses anonymous, plain-HTTP and key access.</summary>
[Collection(PlatformCollection.Name)]
public sealed class StorageTests(CompiledPlatform platform)
{
    private const string Containers = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string Queues = "Microsoft.Storage/storageAccounts/queueServices/queues";

    [Theory]
    [InlineData("frames")]
    [InlineData("evidence")]
    [InlineData("heatmaps")]
    [InlineData("reports")]
    public void Blob_containers_the_code_reads_exist_and_are_private(string name)
    {
        foreach (var env in platform.All)
        {
            var container = Assert.Single(env.Deployment.OfType(Containers), c => c.Leaf() == name);
            Assert.Equal("None", container.Get("properties.publicAccess"));
        }
    }

    [Theory]
    [InlineData("frame-events")]
    [InlineData("telemetry")]
    [InlineData("frame-events-poison")]
    [InlineData("telemetry-poison")]
    public void Queues_the_triggers_and_poison_paths_use_exist(string name)
    {
        foreach (var env in platform.All)
            Assert.Single(env.Deployment.OfType(Queues), q => q.Leaf() == name);
    }

    [Fact]
    public void Account_allows_only_https_tls12_and_entra_id()
    {
        foreach (var env in platform.All)
        {
            var account = env.Deployment.Single("Microsoft.Storage/storageAccounts");
            Assert.Equal(false, account.Get("properties.allowBlobPublicAccess"));
            Assert.Equal("TLS1_2", account.Get("properties.minimumTlsVersion"));
            Assert.Equal(true, account.Get("properties.supportsHttpsTrafficOnly"));
            Assert.Equal(false, account.Get("properties.allowSharedKeyAccess"));
            Assert.Equal(true, account.Get("properties.defaultToOAuthAuthentication"));
        }
    }

    [Fact]
    public void Frames_are_deleted_after_the_retention_days_of_each_environment()
    {
        foreach (var env in platform.All)
        {
            var rule = FramesRule(env);
            Assert.Equal(["frames/"], Expect.Strings(rule.Get("definition.filters.prefixMatch"), "prefixMatch"));
            Assert.Equal(env.Parameters["frameRetentionDays"], rule.Get("definition.actions.baseBlob.delete.daysAfterModificationGreaterThan"));
        }
    }

    [Fact]
    public void Prod_frames_cool_before_deletion_and_dev_frames_stay_hot()
    {
        var prod = FramesRule(platform.Prod);
        var coolAfter = Assert.IsType<long>(prod.Get("definition.actions.baseBlob.tierToCool.daysAfterModificationGreaterThan"));
        var deleteAfter = Assert.IsType<long>(prod.Get("definition.actions.baseBlob.delete.daysAfterModificationGreaterThan"));
        Assert.Equal(platform.Prod.Parameters["framesCoolAfterDays"], coolAfter);
        // Cool storage bills a 30-day minimum: cooling only pays when the blob stays that long afterwards.
        Assert.True(deleteAfter - coolAfter >= 30, $"prod cools at {coolAfter} d and deletes at {deleteAfter} d");

        Assert.Null(FramesRule(platform.Dev).Get("definition.actions.baseBlob.tierToCool"));
    }

    [Fact]
    public void Flex_deployment_package_container_is_in_the_account()
    {
        foreach (var env in platform.All)
        {
            var site = env.Deployment.Single("Microsoft.Web/sites");
            var url = Expect.Str(site.Get("properties.functionAppConfig.deployment.storage.value"), "deployment storage");
            var account = env.Deployment.Single("Microsoft.Storage/storageAccounts");
            var blobEndpoint = $"⟨reference({account.ResourceId}).primaryEndpoints.blob⟩";
            Assert.StartsWith(blobEndpoint, url);
            var container = url[blobEndpoint.Length..];
            Assert.Single(env.Deployment.OfType(Containers), c => c.Leaf() == container);
            Assert.DoesNotContain(container, new[] { "frames", "evidence", "heatmaps" });
        }
    }

    private static Item FramesRule(CompiledPlatform.Environment env)
    {
        var policy = env.Deployment.Single("Microsoft.Storage/storageAccounts/managementPolicies");
        var rules = Expect.List(policy.Get("properties.policy.rules"), "lifecycle rules").Select(r => Expect.Obj(r, "rule")).ToList();
        var rule = Assert.Single(rules, r => Expect.Strings(Arm.Json.Path(r, "definition.filters.prefixMatch"), "prefixMatch").Contains("frames/"));
        Assert.Equal(true, rule["enabled"]);
        return new Item(rule);
    }

    private sealed record Item(Dictionary<string, object?> Value)
    {
        public object? Get(string path) => Arm.Json.Path(Value, path);
    }
}
