using System.Diagnostics;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Yunbao.LocalStack;
using Yunbao.Testing;

namespace Yunbao.Infrastructure.Tests.LocalStack;

[Collection(LocalStackFixture.CollectionName)]
public sealed class LocalStandInsTests(LocalStackFixture fx)
{
    private sealed record Doc(string Id, string DistrictId, int N);

    [Fact]
    public async Task Blob_round_trip_works_through_the_storage_connection_string()
    {
        var container = await fx.CreateBlobContainerAsync("smoke");
        await container.UploadBlobAsync("a.txt", BinaryData.FromString("hello"));
        var content = await container.GetBlobClient("a.txt").DownloadContentAsync();
        Assert.Equal("hello", content.Value.Content.ToString());
    }

    [Fact]
    public async Task Queue_round_trip_works()
    {
        var queue = await fx.CreateQueueAsync("smoke");
        await queue.SendMessageAsync("m1");
        var received = await queue.ReceiveMessageAsync();
        Assert.Equal("m1", received.Value.MessageText);
    }

    [Fact]
    public async Task Cosmos_order_by_top_and_missing_point_read_work_with_the_local_handler()
    {
        var container = await fx.CreateContainerAsync();
        foreach (var n in new[] { 3, 1, 2 })
            await container.CreateItemAsync(new Doc($"d{n}", "lize", n), new PartitionKey("lize"));
        await container.CreateItemAsync(new Doc("other", "elsewhere", 0), new PartitionKey("elsewhere"));

        var query = new QueryDefinition("SELECT TOP 2 * FROM c WHERE c.districtId = @d ORDER BY c.n DESC").WithParameter("@d", "lize");
        var results = new List<Doc>();
        using (var it = container.GetItemQueryIterator<Doc>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("lize") }))
            while (it.HasMoreResults) results.AddRange(await it.ReadNextAsync());
        Assert.Equal([3, 2], results.Select(r => r.N));

        var missing = await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<Doc>("nope", new PartitionKey("lize")));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Dispose_stops_the_processes_and_frees_the_ports()
    {
        var standIns = await LocalStandIns.StartAsync(new LocalStandInsOptions());
        var blobPort = standIns.BlobPort;
        var cosmosPort = standIns.CosmosPort;
        Assert.True(await IsOpen(blobPort));
        Assert.True(await IsOpen(cosmosPort));

        await standIns.DisposeAsync();

        Assert.False(await IsOpen(blobPort));
        Assert.False(await IsOpen(cosmosPort));
    }

    [Fact]
    public async Task A_stand_in_that_cannot_start_reports_its_own_output()
    {
        // A repo root without node_modules and without npm on PATH cannot work; the error must say why.
        var fakeRoot = Directory.CreateTempSubdirectory("yunbao-fake-root").FullName;
        Directory.CreateDirectory(Path.Combine(fakeRoot, "tools", "emulators", "node_modules", "azurite", "dist", "src"));
        Directory.CreateDirectory(Path.Combine(fakeRoot, "tools", "emulators", "node_modules", "@vercel", "cosmosdb-server"));
        await File.WriteAllTextAsync(Path.Combine(fakeRoot, "tools", "emulators", "node_modules", "azurite", "dist", "src", "azurite.js"),
            "console.error('boom: cannot listen'); process.exit(3);");
        try
        {
            var e = await Assert.ThrowsAsync<StandInStartException>(() =>
                LocalStandIns.StartAsync(new LocalStandInsOptions { RepoRoot = fakeRoot, Cosmos = false }));
            Assert.Contains("exited with code 3", e.Message);
            Assert.Contains("boom: cannot listen", e.Message);
        }
        finally { Directory.Delete(fakeRoot, true); }
    }

    private static async Task<bool> IsOpen(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try { await client.ConnectAsync("127.0.0.1", port); return true; }
        catch (System.Net.Sockets.SocketException) { return false; }
    }
}
