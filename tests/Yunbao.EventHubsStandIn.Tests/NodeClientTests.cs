using System.Diagnostics;
using System.Text.Json;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Yunbao.EventHubsStandIn.Tests;

/// <summary>
/// Microsoft's JavaScript client (@azure/event-hubs 6.0.4, pinned in tests/node-clients/event-hubs, installed by
/// tools/install-deps.sh) against the stand-in: a client nobody here wrote, sending to and reading from what the .NET
/// client reads and sent.
/// </summary>
public sealed class NodeClientTests
{
    [Fact]
    public async Task JavaScript_client_sends_and_receives_against_the_stand_in()
    {
        await using var standIn = await StandInFactory.StartAsync();
        await using (var dotnetProducer = StandInFactory.Producer(standIn))
        {
            await dotnetProducer.SendAsync([new EventData("from-dotnet")], new SendEventOptions { PartitionId = "1" });
        }

        var output = await RunNodeAsync(standIn.ConnectionString(StandInFactory.Hub));

        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(["0", "1"], root.GetProperty("partitionIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, root.GetProperty("partition0").GetProperty("last").GetInt64());
        Assert.False(root.GetProperty("partition0").GetProperty("empty").GetBoolean());
        var received = root.GetProperty("received").EnumerateArray().First();
        Assert.Equal("from-dotnet", received.GetProperty("body").GetString());
        Assert.Equal(0, received.GetProperty("sequenceNumber").GetInt64());

        await using var consumer = StandInFactory.Consumer(standIn);
        var fromNode = await StandInFactory.ReadAsync(consumer, "0", EventPosition.Earliest, 3);
        Assert.Equal(["js-1", "js-2", "js-3"], fromNode.Select(e => e.EventBody.ToString().Trim('"')));
        Assert.All(fromNode, e => Assert.Equal("node", e.Properties["from"]));
        Assert.Equal(5, standIn.Partitions(StandInFactory.Hub).Sum(p => p.LastSequenceNumber + 1)); // 1 from .NET, 3 in the batch, 1 by key
        var keyedPartition = standIn.Partitions(StandInFactory.Hub).Single(p => p.PartitionId == "1").LastSequenceNumber == 1 ? "1" : "0";
        var keyed = (await StandInFactory.ReadAsync(consumer, keyedPartition, EventPosition.FromSequenceNumber(keyedPartition == "1" ? 1 : 3), 1))[0];
        Assert.Equal("js-keyed", keyed.EventBody.ToString().Trim('"'));
        Assert.Equal("order-7", keyed.PartitionKey);
    }

    private static async Task<string> RunNodeAsync(string connectionString)
    {
        var dir = Path.Combine(RepoRoot(), "tests", "node-clients", "event-hubs");
        Assert.True(Directory.Exists(Path.Combine(dir, "node_modules", "@azure", "event-hubs")), "run tools/install-deps.sh first");
        var start = new ProcessStartInfo("node", "roundtrip.mjs")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["EH_CONNECTION"] = connectionString;
        start.Environment["EH_EXPECT"] = "1";
        if (Environment.GetEnvironmentVariable("YUNBAO_DEBUG_NODE") is { } debug) start.Environment["DEBUG"] = debug;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("node did not finish in 60 s: " + await stderr);
        }
        Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {await stderr}");
        return (await stdout).Trim().Split('\n')[^1];
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }
}
