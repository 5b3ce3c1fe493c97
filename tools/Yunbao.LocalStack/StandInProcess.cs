using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Yunbao.LocalStack;

/// <summary>One npm stand-in running as a child node process under watchdog.js.</summary>
internal sealed class StandInProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private static int _exitHooksRegistered;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _outputLock = new();

    public string Name { get; }
    public int ProcessId => _process.Id;

    private StandInProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string RecentOutput
    {
        get { lock (_outputLock) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    public static StandInProcess Start(string name, string nodeExe, string watchdogJs, string cliJs, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        RegisterExitHooks();
        var psi = new ProcessStartInfo(nodeExe)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,   // the watchdog exits when this pipe closes
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        psi.ArgumentList.Add(watchdogJs);
        psi.ArgumentList.Add(cliJs);
        foreach (var a in args) psi.ArgumentList.Add(a);

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var standIn = new StandInProcess(name, process);
        process.OutputDataReceived += (_, e) => standIn.Append(e.Data);
        process.ErrorDataReceived += (_, e) => standIn.Append(e.Data);
        if (!process.Start()) throw new StandInStartException($"{name}: could not start '{nodeExe}'.");
        Live[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return standIn;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_outputLock)
        {
            // Keep the tail only: a chatty process must not grow memory without bound.
            if (_output.Length > 16_000) _output.Remove(0, _output.Length - 8_000);
            _output.AppendLine(line);
        }
    }

    /// <summary>
    /// Waits until the process has printed every <paramref name="readyMarkers"/> line, every port accepts TCP connections
    /// and, if given, <paramref name="httpProbe"/> answers. The markers prove the ports are OURS: another process could
    /// have taken a port between FreePort choosing it and this process binding it.
    /// </summary>
    public async Task WaitUntilReadyAsync(IReadOnlyList<int> ports, IReadOnlyList<string> readyMarkers, Func<CancellationToken, Task<bool>>? httpProbe, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                // The exit can be seen before the asynchronous readers have delivered the last lines; the parameterless
                // WaitForExit returns only once redirected output has reached its end.
                await _process.WaitForExitAsync(ct);
                throw new StandInStartException($"{Name} exited with code {_process.ExitCode} before it was ready. Its output:\n{RecentOutput}");
            }
            var output = RecentOutput;
            if (readyMarkers.All(m => output.Contains(m, StringComparison.Ordinal)) &&
                await AllPortsOpenAsync(ports, ct) && (httpProbe is null || await ProbeSafelyAsync(httpProbe, ct)))
                return;
            if (deadline.Elapsed > timeout)
                throw new StandInStartException($"{Name} did not answer on 127.0.0.1:{string.Join(",", ports)} within {timeout.TotalSeconds:F0} s. Its output:\n{RecentOutput}");
            await Task.Delay(100, ct);
        }
    }

    private static async Task<bool> ProbeSafelyAsync(Func<CancellationToken, Task<bool>> probe, CancellationToken ct)
    {
        try { return await probe(ct); }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested) { return false; }
    }

    private static async Task<bool> AllPortsOpenAsync(IReadOnlyList<int> ports, CancellationToken ct)
    {
        foreach (var port in ports)
        {
            using var client = new TcpClient();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attempt.CancelAfter(TimeSpan.FromSeconds(1));
            try { await client.ConnectAsync("127.0.0.1", port, attempt.Token); }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested) { return false; }
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Live.TryRemove(_process.Id, out _);
        Kill(_process);
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException) { /* killed; nothing more to do */ }
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { /* already gone */ }
        catch (System.ComponentModel.Win32Exception) { /* already gone */ }
    }

    /// <summary>Ctrl-C and normal exit kill every child still running, so nothing is orphaned.</summary>
    private static void RegisterExitHooks()
    {
        if (Interlocked.Exchange(ref _exitHooksRegistered, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private static void KillAll()
    {
        foreach (var (id, process) in Live)
        {
            Live.TryRemove(id, out _);
            Kill(process);
        }
    }
}
