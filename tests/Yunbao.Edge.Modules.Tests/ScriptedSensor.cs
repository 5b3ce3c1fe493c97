using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Yunbao.Contracts.Geo;
using Yunbao.Edge.Modules;

namespace Yunbao.Edge.Modules.Tests;

/// <summary>A station whose pm25 follows a script (the last value repeats), with a running reading number.</summary>
public sealed class ScriptedSensor(params double[] pm25) : ISensorSource
{
    private int _index;
    public GeoPoint Position { get; } = new(116.308, 39.862);
    /// <summary>How many readings were taken so far.</summary>
    public int Reads => Volatile.Read(ref _index);

    public IReadOnlyDictionary<string, double> Read(DateTimeOffset at)
    {
        var i = Interlocked.Increment(ref _index) - 1;
        return new Dictionary<string, double> { ["pm25"] = pm25[Math.Min(i, pm25.Length - 1)], ["reading"] = i };
    }
}
