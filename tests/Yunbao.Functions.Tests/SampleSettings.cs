using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>Reads local.settings.sample.json (copied next to the tests).</summary>
public static class SampleSettings
{
    public static JsonElement Document() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "local.settings.sample.json"))).RootElement;

    public static Dictionary<string, string> Values() =>
        Document().GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    public static HashSet<string> Comments() =>
        Document().GetProperty("_comments").EnumerateObject().Select(p => p.Name).ToHashSet();
}
