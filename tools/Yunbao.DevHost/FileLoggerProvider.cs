using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Yunbao.DevHost;

/// <summary>
/// Writes the run's log lines to one file (the live display owns the terminal). Each line carries real and
/// simulated time, the category, and the message with its structured fields rendered.
/// </summary>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly SimulatedClock _clock;
    private readonly object _gate = new();

    public FileLoggerProvider(string path, SimulatedClock clock)
    {
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _clock = clock;
    }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate) _writer.Dispose();
    }

    private void Write(string category, LogLevel level, string message, Exception? e)
    {
        var line = $"{TimeProvider.System.GetUtcNow():HH:mm:ss.fff} sim {_clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} {level,-11} {category}: {message}";
        lock (_gate)
        {
            try
            {
                _writer.WriteLine(line);
                if (e is not null) _writer.WriteLine("    " + e.ToString().Replace("\n", "\n    "));
            }
            catch (ObjectDisposedException) { /* a late line after shutdown */ }
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Write(category, logLevel, formatter(state, exception), exception);
    }
}
