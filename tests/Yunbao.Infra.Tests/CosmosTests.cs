using Yunbao.Infra.Tests.Arm;

namespace Yunbao.Infra.Tests;

/// <summary>Cosmos DB holds database `yunbao` with the four containers the repositories query, one district per partition.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CosmosTests(CompiledPlatform platform)
{
    private const string ContainerType = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";

    [Theory]
    [InlineData("incidents")]
    [InlineData("workorders")]
    [InlineData("stewards")]
    [InlineData("devices")]
    public void Container_exists_in_yunbao_partitioned_by_district(string name)
    {
        foreach (var env in platform.All)
        {
            var container = Assert.Single(env.Deployment.OfType(ContainerType), c => c.Leaf() == name);
            Assert.Equal("yunbao", container.Name.Split('/')[1]);
            Assert.Equal(["/districtId"], Expect.Strings(container.Get("properties.resource.partitionKey.paths"), "partition key"));
            Assert.Null(container.Get("properties.resource.defaultTtl"));
        }
    }

    [Theory]
    [InlineData("incidents")]
    [InlineData("workorders")]
    [InlineData("stewards")]
    [InlineData("devices")]
    public void Locations_have_a_point_spatial_index_and_every_other_path_is_indexed(string name)
    {
        var policy = IndexingPolicy(platform.Dev, name);
        Assert.Equal("consistent", policy["indexingMode"]);
        Assert.Contains(Expect.List(policy["includedPaths"], "includedPaths"), p => Json.Path(p, "path") as string == "/*");
        var spatial = Assert.Single(Expect.List(policy["spatialIndexes"], "spatialIndexes"));
        Assert.Equal("/location/?", Json.Path(spatial, "path"));
        Assert.Contains("Point", Expect.Strings(Json.Path(spatial, "types"), "types"));
    }

    [Theory]
    [InlineData("workorders", "/status")]
    [InlineData("workorders", "/categoryCode")]
    [InlineData("workorders", "/lastSeenAt")]
    [InlineData("workorders", "/assignedStewardId")]
    [InlineData("incidents", "/categoryCode")]
    [InlineData("incidents", "/observedAt")]
    [InlineData("stewards", "/lastSeenAt")]
    [InlineData("devices", "/lastSeenAt")]
    public void Composite_indexes_cover_the_filtered_properties(string container, string path)
    {
        var composites = Expect.List(IndexingPolicy(platform.Dev, container)["compositeIndexes"], "compositeIndexes");
        Assert.Contains(composites, c => Expect.List(c, "composite").Any(p => Json.Path(p, "path") as string == path));
        // Range queries on the same property must not be excluded from the index.
        var excluded = Expect.List(IndexingPolicy(platform.Dev, container)["excludedPaths"], "excludedPaths").Select(p => Json.Path(p, "path") as string);
        Assert.DoesNotContain(excluded, e => e is not null && e.StartsWith(path + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void Dev_is_serverless_without_provisioned_throughput()
    {
        var account = platform.Dev.Deployment.Single("Microsoft.DocumentDB/databaseAccounts");
        Assert.Contains(Expect.List(account.Get("properties.capabilities"), "capabilities"), c => Json.Path(c, "name") as string == "EnableServerless");
        var database = platform.Dev.Deployment.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");
        Assert.Empty(Expect.Obj(database.Get("properties.options"), "options"));
        Assert.All(platform.Dev.Deployment.OfType(ContainerType), c => Assert.Null(c.Get("properties.options.autoscaleSettings")));
    }

    [Fact]
    public void Prod_is_autoscale_shared_by_the_database_with_keys_off()
    {
        var account = platform.Prod.Deployment.Single("Microsoft.DocumentDB/databaseAccounts");
        Assert.DoesNotContain(Expect.List(account.Get("properties.capabilities"), "capabilities"), c => Json.Path(c, "name") as string == "EnableServerless");
        Assert.Equal(true, account.Get("properties.disableLocalAuth"));
        var database = platform.Prod.Deployment.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");
        Assert.Equal(platform.Prod.Parameters["cosmosAutoscaleMaxThroughput"], database.Get("properties.options.autoscaleSettings.maxThroughput"));
    }

    [Fact]
    public void Account_requires_tls12_and_metadata_changes_only_through_the_template()
    {
        foreach (var env in platform.All)
        {
            var account = env.Deployment.Single("Microsoft.DocumentDB/databaseAccounts");
            Assert.Equal("Tls12", account.Get("properties.minimalTlsVersion"));
            Assert.Equal(true, account.Get("properties.disableKeyBasedMetadataWriteAccess"));
        }
    }

    private static Dictionary<string, object?> IndexingPolicy(CompiledPlatform.Environment env, string container) =>
        Expect.Obj(env.Deployment.OfType(ContainerType).Single(c => c.Leaf() == container).Get("properties.resource.indexingPolicy"), "indexingPolicy");
}
