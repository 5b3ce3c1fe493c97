using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.DevHost;
using Yunbao.Infrastructure.Messaging;
using Yunbao.LocalStack;
using Yunbao.Testing;

namespace Yunbao.DevHost.Tests;

/// <summary>The DevHost's queue pump against Azurite: the Functions runtime's delete / retry / poison semantics.</summary>
public sealed class QueuePumpTests : IAsyncLifetime
{
    private LocalStandIns? _azurite;

    public async Task InitializeAsync() => _azurite = await LocalStandIns.StartAsync(new LocalStandInsOptions { Cosmos = false });

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    /// <summary>The queue as senders see it (Base64, like Event Grid), the same queue raw as the pump reads it, and its poison queue.</summary>
    private async Task<(QueueClient Queue, QueueClient Poison, QueueClient Raw)> QueuesAsync()
    {
        var service = new QueueServiceClient(_azurite!.StorageConnectionString, DevHostRun.QueueOptions);
        var name = "q" + Guid.NewGuid().ToString("N")[..10];
        var queue = service.GetQueueClient(name);
        var poison = service.GetQueueClient(name + "-poison");
        await queue.CreateAsync();
        await poison.CreateAsync();
        return (queue, poison, new QueueServiceClient(_azurite.StorageConnectionString, QueuePump.RawOptions).GetQueueClient(name));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition()) await Task.Delay(50, ct);
    }

    [Fact]
    public async Task Handled_message_is_deleted_and_recorded()
    {
        var (queue, poison, raw) = await QueuesAsync();
        await queue.SendMessageAsync("{\"hello\":1}");
        var seen = new List<string>();
        var pump = new QueuePump(raw, poison, (m, _) => { seen.Add(m); return Task.CompletedTask; }, NullLogger.Instance);

        await pump.DrainOnceAsync(CancellationToken.None);

        Assert.Equal(["{\"hello\":1}"], seen);
        Assert.Equal(["{\"hello\":1}"], pump.Handled);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Failing_message_is_retried_and_after_five_dequeues_moved_to_poison_unchanged()
    {
        var (queue, poison, raw) = await QueuesAsync();
        await queue.SendMessageAsync("always fails");
        var attempts = 0;
        var pump = new QueuePump(raw, poison, (_, _) => { attempts++; throw new TimeoutException("transient"); }, NullLogger.Instance);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = pump.RunAsync(cts.Token);
        while (pump.Poisoned == 0 && !cts.IsCancellationRequested) await Task.Delay(100);
        await cts.CancelAsync();
        await running;

        Assert.Equal(QueueTriggerSettings.FunctionsDefaults.MaxDequeueCount, attempts);
        Assert.Equal(1, pump.Poisoned);
        var parked = Assert.Single((await poison.ReceiveMessagesAsync(10)).Value);
        Assert.Equal("always fails", parked.Body.ToString());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Transient_failure_is_retried_until_it_succeeds()
    {
        var (queue, poison, raw) = await QueuesAsync();
        await queue.SendMessageAsync("flaky");
        var attempts = 0;
        var pump = new QueuePump(raw, poison, (_, _) => ++attempts < 3 ? throw new IOException("flaky") : Task.CompletedTask, NullLogger.Instance);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = pump.RunAsync(cts.Token);
        while (pump.Processed == 0 && !cts.IsCancellationRequested) await Task.Delay(100);
        await cts.CancelAsync();
        await running;

        Assert.Equal(3, attempts);
        Assert.Equal(0, pump.Poisoned);
        Assert.Empty((await poison.ReceiveMessagesAsync(10)).Value);
    }

    [Fact]
    public void The_pumps_follow_the_Functions_apps_host_json()
    {
        var settings = QueueTriggerSettings.FromHostJson();
        using var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        var queues = hostJson.RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(queues.GetProperty("batchSize").GetInt32(), settings.BatchSize);
        Assert.Equal(queues.GetProperty("maxDequeueCount").GetInt32(), settings.MaxDequeueCount);
        // Retries are spaced so that a stand-in's restart (a few seconds) does not use up a message's five dequeues.
        Assert.True(settings.VisibilityTimeout >= TimeSpan.FromSeconds(5), $"visibilityTimeout {settings.VisibilityTimeout}");
    }

    [Fact]
    public async Task A_failed_message_is_retried_only_after_the_visibility_timeout()
    {
        var (queue, poison, raw) = await QueuesAsync();
        await queue.SendMessageAsync("fails once");
        var attempts = new List<long>();
        var settings = QueueTriggerSettings.FunctionsDefaults with { VisibilityTimeout = TimeSpan.FromSeconds(2) };
        var pump = new QueuePump(raw, poison, (_, _) =>
        {
            lock (attempts) attempts.Add(System.Diagnostics.Stopwatch.GetTimestamp());
            return attempts.Count == 1 ? throw new IOException("database restarting") : Task.CompletedTask;
        }, NullLogger.Instance, settings: settings);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = pump.RunAsync(cts.Token);
        await WaitUntilAsync(() => pump.Processed == 1, cts.Token);
        await cts.CancelAsync();
        await running;

        Assert.Equal(2, attempts.Count);
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(attempts[0], attempts[1]) >= TimeSpan.FromSeconds(1.9), "retried before its visibility timeout");
    }

    [Fact]
    public async Task Message_that_is_not_Base64_goes_to_poison_with_the_reason_and_the_next_message_is_still_processed()
    {
        var (queue, poison, raw) = await QueuesAsync();
        await raw.SendMessageAsync("not base64 %%% !");   // what made the SDK's decoding throw and the pump die
        await queue.SendMessageAsync("{\"good\":1}");
        var seen = new ConcurrentQueue<string>();
        var pump = new QueuePump(raw, poison, (m, _) => { seen.Enqueue(m); return Task.CompletedTask; }, NullLogger.Instance);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = pump.RunAsync(cts.Token);
        await WaitUntilAsync(() => pump.Processed == 1 && pump.Undecodable == 1, cts.Token);
        Assert.True(pump.Health.Up, pump.Health.Detail);
        await cts.CancelAsync();
        await running;

        Assert.Equal(["{\"good\":1}"], seen);
        var parked = Assert.Single((await poison.ReceiveMessagesAsync(10)).Value);
        var message = PoisonQueue.Parse(parked.Body.ToString());
        Assert.Contains("Base64", message.Reason, StringComparison.Ordinal);
        Assert.Equal("not base64 %%% !", message.OriginalMessage);
        Assert.Equal(queue.Name, message.Queue);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Function_that_throws_goes_to_poison_after_five_dequeues_and_the_pump_keeps_going()
    {
        var (queue, poison, raw) = await QueuesAsync();
        await queue.SendMessageAsync("bad");
        var pump = new QueuePump(raw, poison, (m, _) => m == "bad" ? throw new InvalidOperationException("boom") : Task.CompletedTask, NullLogger.Instance);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = pump.RunAsync(cts.Token);
        await WaitUntilAsync(() => pump.Poisoned == 1, cts.Token);
        await queue.SendMessageAsync("good");
        await WaitUntilAsync(() => pump.Processed == 1, cts.Token);
        Assert.True(pump.IsRunning);
        await cts.CancelAsync();
        await running;

        Assert.Equal(QueueTriggerSettings.FunctionsDefaults.MaxDequeueCount, pump.Failed);
        Assert.Equal("bad", Assert.Single((await poison.ReceiveMessagesAsync(10)).Value).Body.ToString());
        Assert.False(pump.IsRunning);
    }

    [Fact]
    public async Task Pump_survives_a_storage_that_does_not_answer_and_reports_itself_down()
    {
        using var stalled = new StalledListener();
        var service = new QueueServiceClient(new Uri($"http://127.0.0.1:{stalled.Port}/devstoreaccount1"), new QueueClientOptions
        {
            MessageEncoding = QueueMessageEncoding.None,
            Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromMilliseconds(300) },
        });
        var pump = new QueuePump(service.GetQueueClient("stalled"), service.GetQueueClient("stalled-poison"), (_, _) => Task.CompletedTask, NullLogger.Instance);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = pump.RunAsync(cts.Token);
        await WaitUntilAsync(() => !pump.Health.Up, cts.Token);
        Assert.True(pump.IsRunning);
        Assert.Contains("receive", pump.Health.Detail, StringComparison.Ordinal);
        await cts.CancelAsync();
        await running;
    }
}
