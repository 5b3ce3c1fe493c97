using System.Net;
using System.Net.Sockets;
using Azure;
using Microsoft.Azure.Cosmos;
using Yunbao.Infrastructure.Cosmos;

namespace Yunbao.Infrastructure;

/// <summary>
/// A storage or Cosmos call that failed because the dependency is down or stalled (not because of the request):
/// the HTTP layer answers 504 for a timeout and 503 otherwise, naming the dependency.
/// </summary>
public sealed record DependencyFailure(string Dependency, bool TimedOut, string Detail)
{
    public const string Storage = "storage";
    public const string Cosmos = "cosmos";

    /// <summary>Null when <paramref name="e"/> is not a dependency outage (then it is the caller's to handle).</summary>
    public static DependencyFailure? Classify(Exception e) => Chain(e).OfType<CosmosStalledException>().FirstOrDefault() is { } stalled
        ? new(Cosmos, true, stalled.Message)
        : ClassifyOne(e);

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException) yield return x;
        if (e is AggregateException a)
            foreach (var i in a.InnerExceptions.SelectMany(Chain)) yield return i;
    }

    private static DependencyFailure? ClassifyOne(Exception e) => e switch
    {
        CosmosOperationCanceledException c => new(Cosmos, true, "Cosmos DB did not answer in time: " + FirstLine(c.Message)),
        CosmosException { StatusCode: HttpStatusCode.RequestTimeout } c => new(Cosmos, true, "Cosmos DB did not answer in time: " + FirstLine(c.Message)),
        CosmosException { StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway } c =>
            new(Cosmos, false, $"Cosmos DB is unavailable ({(int)c.StatusCode}): " + FirstLine(c.Message)),
        RequestFailedException { Status: 0 } r => new(Storage, IsTimeout(r.InnerException), "Storage did not answer: " + FirstLine(r.Message)),
        RequestFailedException { Status: 503 or 500 } r => new(Storage, false, $"Storage is unavailable ({r.Status}): " + FirstLine(r.Message)),
        // Azure.Core: "Retry failed after N tries" wraps each attempt's failure; a network timeout is a TaskCanceledException.
        AggregateException a when a.InnerExceptions.Count > 0 && a.InnerExceptions.All(i => IsTimeout(i) || IsConnectionFailure(i)) =>
            new(Storage, a.InnerExceptions.Any(IsTimeout), "Storage did not answer: " + FirstLine(a.Message)),
        TaskCanceledException t when t.InnerException is TimeoutException || t.Message.Contains("NetworkTimeout", StringComparison.Ordinal) =>
            new(Storage, true, "Storage did not answer in time: " + FirstLine(t.Message)),
        _ => null,
    };

    private static bool IsTimeout(Exception? e) =>
        e is TimeoutException || (e is TaskCanceledException t && (t.InnerException is TimeoutException || t.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase)));

    private static bool IsConnectionFailure(Exception? e) =>
        e is HttpRequestException or SocketException or IOException || e is RequestFailedException { Status: 0 or 500 or 503 };

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] : line;
    }
}
