using Yunbao.Bench;

// Benchmarks (not tests): one command each, loopback only, bounded in count and time.
return args.FirstOrDefault() switch
{
    "outbox" => await OutboxReplayBenchmark.RunAsync(args.Skip(1).ToArray()),
    "heatmaps" => await HeatmapRollupBenchmark.RunAsync(args.Skip(1).ToArray()),
    "heatmaps-incremental" => await HeatmapIncrementalBenchmark.RunAsync(args.Skip(1).ToArray()),
    "all" => await OutboxReplayBenchmark.RunAsync([]) | await HeatmapRollupBenchmark.RunAsync([]) | await HeatmapIncrementalBenchmark.RunAsync([]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/Yunbao.Bench -- <benchmark> [options]

          outbox [--messages 100000] [--in-flight 32] [--fsync]
              Buffer messages in the IoT Hub client's on-disk outbox while the broker
              (in-process MQTTnet.Server on loopback) is down, start it, replay, and report
              throughput, memory, lost and duplicate messages. Target: >= 2,000 messages/s.

          heatmaps [--incidents 3000] [--runs 3]
              Full heatmap rollup of synthetic incidents over Lize (20 layers x 3 windows x zooms
              12-18) into an in-memory store: seconds, tiles, tiles/s, PNG bytes, allocations.

          heatmaps-incremental [--history 300] [--steps 4] [--new 2]
              Rollups every 30 minutes after a history of incidents, with a few new incidents
              each time: a full rebuild vs the incremental rollup (pyramids whose incidents did
              not change are kept) on the same data: seconds, tiles drawn, tile writes.

          all
              Every benchmark above with its defaults (what bench/run.sh runs).
        """);
    return 2;
}
