using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// Runs the application's message handlers (desired properties, inputs, C2D) one at a time in arrival order,
/// off MQTTnet's receive loop, so a slow handler never holds up PUBACKs or twin responses.
/// </summary>
internal sealed class HandlerQueue(ILogger logger, IotHubConnectionSettings settings)
{
    private readonly Channel<Func<CancellationToken, Task>> _work =
        Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(Func<CancellationToken, Task> work) => _work.Writer.TryWrite(work);

    public void Complete() => _work.Writer.TryComplete();

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await work(stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    logger.LogError(ex, "Message handler failed on {DeviceId}/{ModuleId}", settings.DeviceId, settings.ModuleId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
