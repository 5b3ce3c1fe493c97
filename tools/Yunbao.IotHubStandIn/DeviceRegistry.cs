using System.Collections.Concurrent;
using System.Security.Cryptography;
using Yunbao.Edge.IotHub;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// The stand-in's identity registry (in memory). Creates devices and module identities and the
/// connection strings devices use against the local stand-in.
/// </summary>
public sealed class DeviceRegistry
{
    private readonly ConcurrentDictionary<string, IdentityKey> _identities = new(StringComparer.Ordinal);

    public DeviceRegistry(string hostName) => HostName = hostName;

    /// <summary>Host name written into connection strings and expected in SAS resource URIs.</summary>
    public string HostName { get; }

    /// <summary>Registers a device (idempotent for the same key); a null key generates one.</summary>
    public IdentityKey AddDevice(string deviceId, string? primaryKey = null) => Add(deviceId, null, primaryKey);

    /// <summary>Registers a module identity on a device (the device is registered too when missing).</summary>
    public IdentityKey AddModule(string deviceId, string moduleId, string? primaryKey = null)
    {
        if (!_identities.ContainsKey(deviceId)) AddDevice(deviceId);
        return Add(deviceId, moduleId, primaryKey);
    }

    private IdentityKey Add(string deviceId, string? moduleId, string? primaryKey)
    {
        ValidateId(deviceId, nameof(deviceId));
        if (moduleId is not null) ValidateId(moduleId, nameof(moduleId));
        var identity = new IdentityKey(deviceId, moduleId, primaryKey ?? NewKey());
        var stored = _identities.GetOrAdd(identity.ClientId, identity);
        if (primaryKey is not null && stored.PrimaryKey != primaryKey)
            throw new InvalidOperationException($"Identity '{identity.ClientId}' already exists with another key.");
        return stored;
    }

    public bool TryGet(string deviceId, string? moduleId, out IdentityKey identity) =>
        _identities.TryGetValue(moduleId is null ? deviceId : $"{deviceId}/{moduleId}", out identity!);

    public IReadOnlyList<IdentityKey> Identities => [.. _identities.Values.OrderBy(i => i.ClientId, StringComparer.Ordinal)];

    public IReadOnlyList<string> ModuleIds(string deviceId) =>
        [.. _identities.Values.Where(i => i.DeviceId == deviceId && i.ModuleId is not null).Select(i => i.ModuleId!).Order(StringComparer.Ordinal)];

    /// <summary>IoT Hub connection string of a device or module: "HostName=...;DeviceId=...;[ModuleId=...;]SharedAccessKey=...".</summary>
    public string GetConnectionString(string deviceId, string? moduleId = null)
    {
        if (!TryGet(deviceId, moduleId, out var identity))
            throw new KeyNotFoundException($"Unknown identity '{deviceId}{(moduleId is null ? "" : "/" + moduleId)}'.");
        return identity.ModuleId is null
            ? $"HostName={HostName};DeviceId={identity.DeviceId};SharedAccessKey={identity.PrimaryKey}"
            : $"HostName={HostName};DeviceId={identity.DeviceId};ModuleId={identity.ModuleId};SharedAccessKey={identity.PrimaryKey}";
    }

    /// <summary>Resource URI a SAS token for this identity signs: "{host}/devices/{deviceId}[/modules/{moduleId}]".</summary>
    public string ResourceUri(string deviceId, string? moduleId = null) => SharedAccessSignature.ResourceUri(HostName, deviceId, moduleId);

    /// <summary>A SAS token for an identity (what a device builds from its key).</summary>
    public string CreateSasToken(string deviceId, string? moduleId, DateTimeOffset expiresAt)
    {
        if (!TryGet(deviceId, moduleId, out var identity))
            throw new KeyNotFoundException($"Unknown identity '{deviceId}'.");
        return SharedAccessSignature.Create(identity.PrimaryKey, ResourceUri(deviceId, moduleId), expiresAt).Value;
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    // IoT Hub ids: up to 128 characters of letters, digits and - . % _ * ? ! ( ) , : = @ $ '
    private static void ValidateId(string id, string name)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 128 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || "-.%_*?!(),:=@$'".Contains(c))))
            throw new ArgumentException($"'{id}' is not a valid IoT Hub id.", name);
    }
}
