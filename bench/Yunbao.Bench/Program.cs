using Yunbao.Bench;

// Benchmarks (not tests): one command each, loopback only, bounded in count and time.
return args.FirstOrDefault() switch
{
    "outbox" => await OutboxReplayBenchmark.RunAsync(args.Skip(1).ToArray()),
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
        """);
    return 2;
}
