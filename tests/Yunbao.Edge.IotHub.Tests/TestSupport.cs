using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

internal static class TestPaths
{
    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "yunbao-edge-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="target"/> as a killed process would leave it: what had
    /// reached the OS at this moment, and nothing a shutdown would have saved. Take it while the writer is still open.
    /// </summary>
    public static void SnapshotDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            // The open outbox holds its lock file exclusively (flock); it carries no data and a new process recreates it.
            if (Path.GetFileName(file) == "outbox.lock") continue;
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            try
            {
                File.Copy(file, copy, overwrite: true);
            }
            catch (FileNotFoundException)
            {
                // A segment deleted (fully acknowledged) while copying: gone on disk at the kill too.
            }
        }
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}

internal static class TestDevices
{
    public const string Hub = "yunbao-hub.azure-devices.net";
    public const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public static IotHubConnectionSettings Device(string deviceId) => new() { HostName = Hub, DeviceId = deviceId, SharedAccessKey = Key };

    public static IotHubConnectionSettings Module(string deviceId, string moduleId) => new() { HostName = Hub, DeviceId = deviceId, ModuleId = moduleId, SharedAccessKey = Key };

    /// <summary>Options for a loopback stand-in: plain MQTT, short backoff.</summary>
    public static IotHubClientOptions LocalOptions(int port, string outboxDirectory, int maxInFlight = 32) => new()
    {
        MqttHost = "127.0.0.1",
        MqttPort = port,
        UseTls = false,
        EndpointLabel = "test broker",
        Outbox = new OutboxOptions { Directory = outboxDirectory },
        ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(800),
        OperationTimeout = TimeSpan.FromSeconds(10),
        MaxInFlight = maxInFlight,
    };

    public static IotHubClient Client(IotHubConnectionSettings settings, IotHubClientOptions options, ILoggerFactory? logs = null, TimeProvider? time = null) =>
        new(options, settings, new SharedAccessKeySigner(settings.SharedAccessKey!), logs, time);
}

/// <summary>Routes library logs into the xunit output, so a failing run shows what the client saw.</summary>
internal sealed class XunitLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public static ILoggerFactory Factory(ITestOutputHelper output) =>
        LoggerFactory.Create(b => b.AddProvider(new XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Information));

    /// <summary>Into the xunit output and into <paramref name="collecting"/>, for tests that wait for a logged event.</summary>
    public static ILoggerFactory Factory(ITestOutputHelper output, CollectingLogger collecting) =>
        LoggerFactory.Create(b => b.AddProvider(new XunitLoggerProvider(output)).AddProvider(collecting).SetMinimumLevel(LogLevel.Information));

    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // the test already finished
            }
        }
    }
}

/// <summary>Collects log warnings, for tests that assert a drop was reported or wait for a failure to be logged.</summary>
internal sealed class CollectingLogger : ILogger, ILoggerProvider
{
    public List<string> Warnings { get; } = [];

    public int CountWarnings(string containing)
    {
        lock (Warnings) return Warnings.Count(w => w.Contains(containing, StringComparison.Ordinal));
    }

    /// <summary>Waits (polling, bounded by <paramref name="timeout"/>) until <paramref name="count"/> warnings contain <paramref name="containing"/>.</summary>
    public async Task WaitForWarningsAsync(string containing, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (CountWarnings(containing) < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{count} warnings containing '{containing}' not logged within {timeout}; saw {CountWarnings(containing)}.");
            await Task.Delay(20);
        }
    }

    ILogger ILoggerProvider.CreateLogger(string categoryName) => this;

    void IDisposable.Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Warning) lock (Warnings) Warnings.Add(formatter(state, exception));
    }
}
