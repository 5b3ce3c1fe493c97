using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// Work the client starts without awaiting (late subscriptions, direct method calls, the twin read after a connect):
/// each task is kept until it ends, so a fault is logged rather than lost and dispose can wait for all of them.
/// </summary>
internal sealed class BackgroundTasks(ILogger logger)
{
    private readonly ConcurrentDictionary<Task, string> _running = new();

    public int Count => _running.Count;

    public void Track(Task task, string what)
    {
        _running[task] = what;
        // Registered after the add, so the removal never runs before it.
        _ = task.ContinueWith(
            t =>
            {
                _running.TryRemove(t, out _);
                if (t.IsFaulted) logger.LogError(t.Exception!.GetBaseException(), "Background work {Work} failed", what);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Completes when every tracked task has ended (faults were logged by <see cref="Track"/>).</summary>
    public async Task WhenAllAsync(TimeSpan bound)
    {
        var tasks = _running.Keys.ToArray();
        if (tasks.Length == 0) return;
        try
        {
            // Real time on purpose: a shutdown bound for handlers that ignore their token, not protocol time.
            await Task.WhenAll(tasks).WaitAsync(bound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("{Count} background tasks still running after {Bound}: {Work}", _running.Count, bound, string.Join(", ", _running.Values));
        }
        catch (Exception)
        {
            // Faults were logged as each task ended.
        }
    }
}
