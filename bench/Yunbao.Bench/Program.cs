using Yunbao.Bench;

// Benchmarks (not tests): one command each, loopback only, bounded in count and time.
return args.FirstOrDefault() switch
{
    "outbox" => await OutboxReplayBenchmark.RunAsync(args.Skip(1).ToArray()),
    "heatmaps" => await HeatmapRollupBenchmark.RunAsync(args.Skip(1).ToArray()),
    "heatmap-engine" => await HeatmapEngineBenchmark.RunAsync(args.Skip(1).ToArray()),
    "heatmaps-incremental" => await HeatmapIncrementalBenchmark.RunAsync(args.Skip(1).ToArray()),
    "api" => await ApiLoadBenchmark.RunAsync(args.Skip(1).ToArray()),
    "pipeline" => await PipelineBenchmark.RunAsync(args.Skip(1).ToArray()),
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

          heatmap-engine [--runs 3] [--quick]
              One pyramid (zooms 12-18) of 10k / 100k / 1M clustered incidents with 20 m and 60 m kernels,
              drawn by the grid engine in memory: best seconds, tiles, PNG bytes, peak working set; beside
              GDAL (gdal_grid -> gdaldem -> gdal2tiles) when installed. Targets at 1M: 20 m <= 0.9 s and
              <= 200 MiB, 60 m <= 2x that.

          heatmaps-incremental [--history 300] [--steps 4] [--new 2]
              Rollups every 30 minutes after a history of incidents, with a few new incidents
              each time: a full rebuild vs the incremental rollup (pyramids whose incidents did
              not change are kept) on the same data: seconds, tiles drawn, tile writes.

          api [--hours 0.25] [--seconds 3] [--max-requests 50000] [--connections 1,8,32] [--orders 100] [--iothub]
              The local runner in-process after a short simulated period (--direct path unless --iothub), then
              list, get, transition (If-Match; 200s and 409/412 conflicts apart) and tile routes at each
              connection count, beside the same reads straight from the Cosmos stand-in and Azurite with the
              SDKs. Targets: list within 2x of the direct query, p99 <= 100 ms at 8 connections, 0 errors.

          pipeline [--hours 0.25] [--frames 300] [--seconds 15] [--samples 60] [--direct]
              The simulated period's wall time (projected to 24 h), then frames re-uploaded into the running
              stack (blob + BlobCreated event, 8 in flight) until the pumps have turned them into incidents and
              work orders: frames/s; per-frame cost excluding the detector (p50, p99) beside the same storage
              calls made directly (blob upload, queue message, receive, blob read, Cosmos writes).
              Targets: >= 100 frames/s sustained, a simulated day in <= 3 minutes.

          all
              Every benchmark above with its defaults (what bench/run.sh runs).
        """);
    return 2;
}
