using System.Diagnostics;

namespace Yunbao.LocalStack;

/// <summary>
/// The local stand-ins for Azure services, started as child processes on free loopback ports:
/// Azurite for Blob/Queue/Table and @vercel/cosmosdb-server for Cosmos DB, both from tools/emulators/node_modules.
/// Dispose to stop them; Ctrl-C, normal exit and even a killed parent also stop them (see watchdog.js).
/// </summary>
public sealed class LocalStandIns : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, documented; not a secret).</summary>
    public const string DevStorageAccountName = "devstoreaccount1";
    public const string DevStorageAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /// <summary>The Cosmos DB emulator's well-known key (public, documented); cosmosdb-server accepts any key.</summary>
    public const string CosmosEmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    public const string AzuriteName = "Azurite";
    public const string CosmosName = "cosmosdb-server";
    private const int PortAttempts = 4;
    private const int RestartAttempts = 5;
    private readonly List<StandInProcess> _processes = [];
    private readonly string _workDirectory;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, Supervised> _supervised = [];
    private readonly List<Task> _supervisors = [];
    private Action<string>? _log;

    private sealed class Supervised(string name, int[] ports, Func<int[], StandInProcess> start, Func<StandInProcess, int[], Task> waitUntilReady)
    {
        public string Name { get; } = name;
        public int[] Ports { get; } = ports;
        public Func<int[], StandInProcess> Start { get; } = start;
        public Func<StandInProcess, int[], Task> WaitUntilReady { get; } = waitUntilReady;
        public StandInProcess? Process { get; set; }
        public bool Running { get; set; } = true;
        public int Restarts { get; set; }
        public string? LastExit { get; set; }
        public DateTimeOffset? LastRestartAt { get; set; }
        public StandInStatus Status => new(Name, Running, Restarts, LastExit, LastRestartAt);
    }

    /// <summary>
    /// Called after a stand-in that exited was restarted on its ports (with its name): it starts EMPTY (in memory), so
    /// re-create databases, containers and queues here. Exceptions are logged.
    /// </summary>
    public Func<string, CancellationToken, Task>? OnRestarted { get; set; }

    /// <summary>The process id of a running stand-in (its watchdog), e.g. for a test that kills it; null when not running.</summary>
    public int? ProcessIdOf(string name)
    {
        lock (_supervised) return _supervised.TryGetValue(name, out var s) && s.Running ? s.Process?.ProcessId : null;
    }

    /// <summary>The stand-ins and whether each runs now (/api/health reads this).</summary>
    public IReadOnlyList<StandInStatus> Status
    {
        get { lock (_supervised) return _supervised.Values.Select(s => s.Status).ToList(); }
    }

    private LocalStandIns(string repoRoot, string workDirectory)
    {
        RepoRoot = repoRoot;
        _workDirectory = workDirectory;
    }

    public string RepoRoot { get; }
    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }
    public int CosmosPort { get; private set; }
    public bool StorageRunning => BlobPort != 0;
    public bool CosmosRunning => CosmosPort != 0;

    public Uri BlobEndpoint => new($"http://127.0.0.1:{RequireStorage().BlobPort}/{DevStorageAccountName}");
    public Uri QueueEndpoint => new($"http://127.0.0.1:{RequireStorage().QueuePort}/{DevStorageAccountName}");
    public Uri TableEndpoint => new($"http://127.0.0.1:{RequireStorage().TablePort}/{DevStorageAccountName}");
    public Uri CosmosEndpoint => new($"http://127.0.0.1:{RequireCosmos().CosmosPort}/");

    /// <summary>The dev account with explicit endpoints on the chosen ports (the form every Azure SDK and the Functions host accept).</summary>
    public string StorageConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevStorageAccountName};AccountKey={DevStorageAccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    public string CosmosConnectionString => $"AccountEndpoint={CosmosEndpoint};AccountKey={CosmosEmulatorKey};";

    /// <summary>Starts the selected stand-ins and returns once each answers. Runs `npm ci` in tools/emulators first if node_modules is missing.</summary>
    public static async Task<LocalStandIns> StartAsync(LocalStandInsOptions? options = null, CancellationToken ct = default)
    {
        options ??= new LocalStandInsOptions();
        var root = options.RepoRoot ?? FindRepoRoot();
        var emulators = Path.Combine(root, "tools", "emulators");
        await EnsureNodeModulesAsync(emulators, options, ct);

        var work = Path.Combine(Path.GetTempPath(), "yunbao-localstack-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(work);
        var watchdog = Path.Combine(work, "watchdog.js");
        await using (var resource = typeof(LocalStandIns).Assembly.GetManifestResourceStream("Yunbao.LocalStack.watchdog.js")
                                    ?? throw new InvalidOperationException("watchdog.js resource missing"))
        await using (var file = File.Create(watchdog))
            await resource.CopyToAsync(file, ct);

        var standIns = new LocalStandIns(root, work) { _log = options.Log };
        try
        {
            var node = FindOnPath("node") ?? throw new StandInStartException("`node` is not on PATH; the local stand-ins are npm packages and need Node.js.");
            if (options.Storage) await standIns.StartAzuriteAsync(node, watchdog, emulators, options, ct);
            if (options.Cosmos) await standIns.StartCosmosAsync(node, watchdog, emulators, options, ct);
            return standIns;
        }
        catch
        {
            await standIns.DisposeAsync();
            throw;
        }
    }

    private async Task StartAzuriteAsync(string node, string watchdog, string emulators, LocalStandInsOptions options, CancellationToken ct)
    {
        var cli = Path.Combine(emulators, "node_modules", "azurite", "dist", "src", "azurite.js");
        var location = Path.Combine(_workDirectory, "azurite");
        Directory.CreateDirectory(location);
        var (process, ports) = await StartOnFreePortsAsync(3, ports =>
        {
            string[] args =
            [
                "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(),
                // Azure.Storage.Blobs 12.30 sends an API version Azurite 3.35 rejects without this (ENVIRONMENT.md).
                "--skipApiVersionCheck", "--loose",
                // In memory: nothing to clean up, nothing shared between runs (it refuses --location alongside).
                "--inMemoryPersistence",
                // Azurite phones home by default; only loopback may be contacted here.
                "--disableTelemetry",
                // Without a limit Azurite may hold up to half the machine's memory; several helpers share it.
                "--extentMemoryLimit", "1024",
                "--silent",
            ];
            // Its blob GC stalled runs for minutes (ENVIRONMENT.md); in memory it is not needed (watchdog.js, DevHost README).
            return StandInProcess.Start(AzuriteName, node, watchdog, cli, args, location,
                options.AzuriteBlobGc ? null : new Dictionary<string, string> { ["YUNBAO_AZURITE_BLOB_GC"] = "off" });
        }, (process, ports) => process.WaitUntilReadyAsync(ports,
            ports.Select(p => $"successfully listening at http://127.0.0.1:{p}").ToArray(), null, options.StartTimeout, ct));
        Supervise(AzuriteName, process, ports);
        (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);
        options.Log?.Invoke($"Azurite ready: blob 127.0.0.1:{BlobPort}, queue :{QueuePort}, table :{TablePort} (pid {process.ProcessId})");
    }

    private async Task StartCosmosAsync(string node, string watchdog, string emulators, LocalStandInsOptions options, CancellationToken ct)
    {
        var cli = Path.Combine(emulators, "node_modules", "@vercel", "cosmosdb-server", "lib", "cli.js");
        var (process, ports) = await StartOnFreePortsAsync(1, ports =>
        {
            // --no-ssl: the SDK then talks plain HTTP to the loopback port (with LimitToEndpoint, ENVIRONMENT.md).
            string[] args = ["--no-ssl", "--host", "127.0.0.1", "--port", ports[0].ToString()];
            return StandInProcess.Start(CosmosName, node, watchdog, cli, args, _workDirectory);
        }, (process, ports) =>
            // Any HTTP answer (the server says 401 or 200 to an unsigned GET /) means it serves requests.
            process.WaitUntilReadyAsync(ports, [$"Ready to accept HTTP connections at 127.0.0.1:{ports[0]}"], async token =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
                using var response = await http.GetAsync($"http://127.0.0.1:{ports[0]}/", token);
                return true;
            }, options.StartTimeout, ct));
        Supervise(CosmosName, process, ports);
        CosmosPort = ports[0];
        options.Log?.Invoke($"cosmosdb-server ready: http://127.0.0.1:{CosmosPort}/ (pid {process.ProcessId})");
    }

    /// <summary>
    /// Starts a stand-in on free loopback ports and waits until it is ready. Another process can take a port between
    /// choosing it and binding it, so an "address in use" start is retried on new ports.
    /// </summary>
    private async Task<(StandInProcess Process, int[] Ports)> StartOnFreePortsAsync(
        int portCount, Func<int[], StandInProcess> start, Func<StandInProcess, int[], Task> waitUntilReady)
    {
        _lastStart = start;
        _lastWait = waitUntilReady;
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePort.Next(portCount);
            var process = start(ports);
            try
            {
                await waitUntilReady(process, ports);
            }
            catch (StandInStartException) when (attempt < PortAttempts && process.RecentOutput.Contains("EADDRINUSE"))
            {
                await process.DisposeAsync();
                continue;
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
            lock (_processes) _processes.Add(process);
            return (process, ports);
        }
    }

    private Func<int[], StandInProcess>? _lastStart;
    private Func<StandInProcess, int[], Task>? _lastWait;

    /// <summary>Watches the process; when it exits (not on Dispose) it is reported and started again on the same ports.</summary>
    private void Supervise(string name, StandInProcess process, int[] ports)
    {
        // Restarts must not be cancelled by the start-up token: wait with the stand-ins' own lifetime.
        var waitUntilReady = _lastWait!;
        var supervised = new Supervised(name, ports, _lastStart!, (p, x) => waitUntilReady(p, x)) { Process = process };
        lock (_supervised) _supervised[name] = supervised;
        _supervisors.Add(Task.Run(() => SuperviseAsync(supervised, _stopping.Token)));
    }

    private async Task SuperviseAsync(Supervised s, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await s.Process!.WaitForExitAsync(ct); }
            catch (OperationCanceledException) { return; }
            if (ct.IsCancellationRequested) return;
            int? code = null;
            try { code = s.Process.ExitCode; } catch (InvalidOperationException) { }
            var tail = string.Join(" | ", s.Process.RecentOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
            lock (_supervised)
            {
                s.Running = false;
                s.LastExit = $"exited with code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} at {DateTimeOffset.UtcNow:u}: {tail}";
            }
            _log?.Invoke($"{s.Name} (pid {s.Process.ProcessId}) EXITED ({s.LastExit}); restarting it on 127.0.0.1:{string.Join(",", s.Ports)}. " +
                         "It kept everything in memory: ALL ITS DATA IS LOST.");
            lock (_processes) _processes.Remove(s.Process);
            await s.Process.DisposeAsync();
            if (!await RestartAsync(s, ct)) return;
            if (OnRestarted is { } restarted)
            {
                try { await restarted(s.Name, ct); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
                catch (Exception e) { _log?.Invoke($"{s.Name}: re-provisioning after the restart failed: {e.Message}"); }
            }
            // Up only once re-provisioned: until then callers (and /api/health) must see it as down, not as an empty store.
            lock (_supervised) s.Running = true;
        }
    }

    private async Task<bool> RestartAsync(Supervised s, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= RestartAttempts && !ct.IsCancellationRequested; attempt++)
        {
            var process = s.Start(s.Ports);
            try
            {
                await s.WaitUntilReady(process, s.Ports);
                lock (_processes) _processes.Add(process);
                lock (_supervised)
                {
                    s.Process = process;
                    s.Restarts++;
                    s.LastRestartAt = DateTimeOffset.UtcNow;
                }
                _log?.Invoke($"{s.Name} restarted on 127.0.0.1:{string.Join(",", s.Ports)} (pid {process.ProcessId}, restart {s.Restarts}); it starts EMPTY");
                return true;
            }
            catch (Exception e) when (e is StandInStartException or OperationCanceledException)
            {
                await process.DisposeAsync();
                if (ct.IsCancellationRequested) return false;
                _log?.Invoke($"{s.Name}: restart {attempt} of {RestartAttempts} failed: {e.Message.Split('\n', 2)[0]}");
                try { await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), ct); }
                catch (OperationCanceledException) { return false; }
            }
        }
        _log?.Invoke($"{s.Name}: gave up restarting it; it stays DOWN");
        return false;
    }

    /// <summary>Walks up from <paramref name="startDirectory"/> (or the current and the app base directory) to the folder holding Serverless.sln.</summary>
    public static string FindRepoRoot(string? startDirectory = null)
    {
        string[] starts = startDirectory is not null ? [startDirectory] : [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"Serverless.sln not found above {string.Join(" or ", starts)}; set LocalStandInsOptions.RepoRoot.");
    }

    private static async Task EnsureNodeModulesAsync(string emulators, LocalStandInsOptions options, CancellationToken ct)
    {
        if (Directory.Exists(Path.Combine(emulators, "node_modules", "azurite")) &&
            Directory.Exists(Path.Combine(emulators, "node_modules", "@vercel", "cosmosdb-server")))
            return;
        var npm = FindOnPath("npm") ?? throw new StandInStartException($"{emulators}/node_modules is missing and `npm` is not on PATH to install it.");
        options.Log?.Invoke($"Installing the npm stand-ins: npm ci in {emulators}");
        var psi = new ProcessStartInfo(npm) { WorkingDirectory = emulators, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "ci", "--no-audit", "--no-fund" }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new StandInStartException($"`npm ci` in {emulators} failed with exit code {process.ExitCode}:\n{await stderr}\n{await stdout}");
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private LocalStandIns RequireStorage() =>
        StorageRunning ? this : throw new InvalidOperationException("Azurite was not started (LocalStandInsOptions.Storage = false).");

    private LocalStandIns RequireCosmos() =>
        CosmosRunning ? this : throw new InvalidOperationException("cosmosdb-server was not started (LocalStandInsOptions.Cosmos = false).");

    /// <summary>Kills the stand-ins' process trees and deletes their temporary directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try { await Task.WhenAll(_supervisors); }
        catch (OperationCanceledException) { /* stopping */ }
        List<StandInProcess> processes;
        lock (_processes)
        {
            processes = [.. _processes];
            _processes.Clear();
        }
        foreach (var process in processes) await process.DisposeAsync();
        _stopping.Dispose();
        try { Directory.Delete(_workDirectory, recursive: true); }
        catch (IOException) { /* best effort: it is under /tmp */ }
        catch (UnauthorizedAccessException) { }
    }
}
