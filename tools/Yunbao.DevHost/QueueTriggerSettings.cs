using System.Globalization;
using System.Text.Json;

namespace Yunbao.DevHost;

/// <summary>
/// The queue trigger's settings the pumps follow, read from the Functions app's own host.json (extensions.queues), so the
/// local runner retries and parks messages exactly as the deployed app does. Missing values are the runtime's defaults.
/// </summary>
public sealed record QueueTriggerSettings(int BatchSize, int MaxDequeueCount, TimeSpan VisibilityTimeout)
{
    /// <summary>The Functions runtime's defaults (batchSize 16, maxDequeueCount 5, visibilityTimeout 0).</summary>
    public static QueueTriggerSettings FunctionsDefaults { get; } = new(16, 5, TimeSpan.Zero);

    /// <summary>host.json beside the running program (the Functions project copies it to every referencing output).</summary>
    public static QueueTriggerSettings FromHostJson() => FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"));

    public static QueueTriggerSettings FromHostJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var d = FunctionsDefaults;
        if (!document.RootElement.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("queues", out var queues))
            return d;
        return new QueueTriggerSettings(
            queues.TryGetProperty("batchSize", out var b) ? b.GetInt32() : d.BatchSize,
            queues.TryGetProperty("maxDequeueCount", out var m) ? m.GetInt32() : d.MaxDequeueCount,
            queues.TryGetProperty("visibilityTimeout", out var v) ? TimeSpan.Parse(v.GetString()!, CultureInfo.InvariantCulture) : d.VisibilityTimeout);
    }
}
