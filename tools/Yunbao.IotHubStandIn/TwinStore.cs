using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// Device and module twins (in memory): desired and reported property sections, each with its own $version,
/// changed by JSON merge patches (a null value removes a property) as IoT Hub does.
/// </summary>
public sealed class TwinStore
{
    private readonly ConcurrentDictionary<string, Twin> _twins = new(StringComparer.Ordinal);

    private sealed class Twin
    {
        public readonly object Gate = new();
        public JsonObject Desired = [];
        public JsonObject Reported = [];
        public long DesiredVersion = 1;
        public long ReportedVersion = 1;
    }

    private Twin Get(string deviceId, string? moduleId) =>
        _twins.GetOrAdd(moduleId is null ? deviceId : $"{deviceId}/{moduleId}", _ => new Twin());

    /// <summary>The twin as the MQTT GET answers it: {"desired":{...,"$version":n},"reported":{...,"$version":m}}.</summary>
    public JsonObject GetDocument(string deviceId, string? moduleId)
    {
        var twin = Get(deviceId, moduleId);
        lock (twin.Gate)
        {
            var desired = (JsonObject)twin.Desired.DeepClone();
            desired["$version"] = twin.DesiredVersion;
            var reported = (JsonObject)twin.Reported.DeepClone();
            reported["$version"] = twin.ReportedVersion;
            return new JsonObject { ["desired"] = desired, ["reported"] = reported };
        }
    }

    public JsonObject GetDesired(string deviceId, string? moduleId)
    {
        var twin = Get(deviceId, moduleId);
        lock (twin.Gate) return (JsonObject)twin.Desired.DeepClone();
    }

    public JsonObject GetReported(string deviceId, string? moduleId)
    {
        var twin = Get(deviceId, moduleId);
        lock (twin.Gate) return (JsonObject)twin.Reported.DeepClone();
    }

    /// <summary>Applies a reported-properties patch; returns the new reported $version.</summary>
    public long PatchReported(string deviceId, string? moduleId, JsonObject patch)
    {
        var twin = Get(deviceId, moduleId);
        lock (twin.Gate)
        {
            Merge(twin.Reported, patch);
            return ++twin.ReportedVersion;
        }
    }

    /// <summary>Applies a desired-properties patch; returns the new desired $version.</summary>
    public long PatchDesired(string deviceId, string? moduleId, JsonObject patch)
    {
        var twin = Get(deviceId, moduleId);
        lock (twin.Gate)
        {
            Merge(twin.Desired, patch);
            return ++twin.DesiredVersion;
        }
    }

    /// <summary>Sets the initial desired properties (from a deployment manifest) when the twin has none yet.</summary>
    public void SeedDesired(string deviceId, string? moduleId, JsonObject desired)
    {
        var twin = Get(deviceId, moduleId);
        lock (twin.Gate)
        {
            if (twin.Desired.Count > 0) return;
            Merge(twin.Desired, desired);
        }
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (name.StartsWith('$')) continue;   // $version and metadata are the hub's, not the patch's
            if (value is null) { target.Remove(name); continue; }
            if (value is JsonObject child && target[name] is JsonObject existing) { Merge(existing, child); continue; }
            target[name] = value.DeepClone();
        }
    }
}
