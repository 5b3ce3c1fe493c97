using System.Diagnostics;

namespace Yunbao.Bench;

/// <summary>Samples the process's working set every 5 ms on a thread of its own; <see cref="Stop"/> returns the largest seen.</summary>
internal sealed class PeakSampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _running = true;
    private long _peak;

    public PeakSampler()
    {
        _peak = Sample();
        _thread = new Thread(() =>
        {
            while (_running)
            {
                var now = Sample();
                if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
                Thread.Sleep(5);
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    private static long Sample()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    public long Stop()
    {
        _running = false;
        _thread.Join();
        return Math.Max(Interlocked.Read(ref _peak), Sample());
    }

    public void Dispose()
    {
        if (_running) Stop();
    }
}
