using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Yunbao.Edge.Modules.Tests;

/// <summary>Keeps formatted log lines, to check what a host says about its sources.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly List<string> _messages = [];
    public IReadOnlyList<string> Messages { get { lock (_messages) return [.. _messages]; } }

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);
    public void Dispose() { }

    private sealed class ListLogger(ListLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._messages) owner._messages.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
