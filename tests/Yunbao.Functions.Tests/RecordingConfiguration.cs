using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Yunbao.Functions.Tests;

/// <summary>Wraps a configuration and records every key whose value the app asks for (binder, indexer, GetValue).</summary>
public sealed class RecordingConfiguration(IConfiguration inner, ConcurrentDictionary<string, bool> reads, string? path = null) : IConfigurationSection
{
    public static RecordingConfiguration Wrap(IConfiguration inner) => new(inner, new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Full keys ("Cosmos:connectionString") that were read.</summary>
    public IReadOnlyCollection<string> KeysRead => reads.Keys.ToList();

    public string? this[string key]
    {
        get
        {
            reads[Combine(key)] = true;
            return inner[key];
        }
        set => inner[key] = value;
    }

    public string Key => path is null ? "" : ConfigurationPath.GetSectionKey(path);
    public string Path => path ?? "";

    public string? Value
    {
        get
        {
            if (path is not null) reads[path] = true;
            return (inner as IConfigurationSection)?.Value;
        }
        set
        {
            if (inner is IConfigurationSection s) s.Value = value;
        }
    }

    public IEnumerable<IConfigurationSection> GetChildren() =>
        inner.GetChildren().Select(c => new RecordingConfiguration(c, reads, c.Path));

    public IChangeToken GetReloadToken() => inner.GetReloadToken();

    public IConfigurationSection GetSection(string key) => new RecordingConfiguration(inner.GetSection(key), reads, Combine(key));

    private string Combine(string key) => path is null ? key : ConfigurationPath.Combine(path, key);
}
