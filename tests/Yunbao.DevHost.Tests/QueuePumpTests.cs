using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.DevHost;
using Yunbao.LocalStack;

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

    private async Task<(QueueClient Queue, QueueClient Poison)> QueuesAsync()
    {
        var service = new QueueServiceClient(_azurite!.StorageConnectionString, DevHostRun.QueueOptions);
        var name = "q" + Guid.NewGuid().ToString("N")[..10];
        var queue = service.GetQueueClient(name);
        var poison = service.GetQueueClient(name + "-poison");
        await queue.CreateAsync();
        await poison.CreateAsync();
        return (queue, poison);
    }

    [Fact]
    public async Task Handled_message_is_deleted_and_recorded()
    {
        var (queue, poison) = await QueuesAsync();
        await queue.SendMessageAsync("{\"hello\":1}");
        var seen = new List<string>();
        var pump = new QueuePump(queue, poison, (m, _) => { seen.Add(m); return Task.CompletedTask; }, NullLogger.Instance);

        await pump.DrainOnceAsync(CancellationToken.None);

        Assert.Equal(["{\"hello\":1}"], seen);
        Assert.Equal(["{\"hello\":1}"], pump.Handled);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Failing_message_is_retried_and_after_five_dequeues_moved_to_poison_unchanged()
    {
        var (queue, poison) = await QueuesAsync();
        await queue.SendMessageAsync("always fails");
        var attempts = 0;
        var pump = new QueuePump(queue, poison, (_, _) => { attempts++; throw new TimeoutException("transient"); }, NullLogger.Instance);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = pump.RunAsync(cts.Token);
        while (pump.Poisoned == 0 && !cts.IsCancellationRequested) await Task.Delay(100);
        await cts.CancelAsync();
        await running;

        Assert.Equal(QueuePump.MaxDequeueCount, attempts);
        Assert.Equal(1, pump.Poisoned);
        var parked = Assert.Single((await poison.ReceiveMessagesAsync(10)).Value);
        Assert.Equal("always fails", parked.Body.ToString());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Transient_failure_is_retried_until_it_succeeds()
    {
        var (queue, poison) = await QueuesAsync();
        await queue.SendMessageAsync("flaky");
        var attempts = 0;
        var pump = new QueuePump(queue, poison, (_, _) => ++attempts < 3 ? throw new IOException("flaky") : Task.CompletedTask, NullLogger.Instance);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = pump.RunAsync(cts.Token);
        while (pump.Processed == 0 && !cts.IsCancellationRequested) await Task.Delay(100);
        await cts.CancelAsync();
        await running;

        Assert.Equal(3, attempts);
        Assert.Equal(0, pump.Poisoned);
        Assert.Empty((await poison.ReceiveMessagesAsync(10)).Value);
    }
}
