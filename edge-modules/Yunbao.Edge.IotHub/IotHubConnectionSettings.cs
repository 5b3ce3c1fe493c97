using System.Globalization;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// Who this client is and where its hub lives: parsed from a device or module connection string
/// (<c>HostName=...;DeviceId=...;SharedAccessKey=...[;ModuleId=...][;GatewayHostName=...]</c>)
/// or taken from the environment IoT Edge injects into a module.
/// </summary>
public sealed record IotHubConnectionSettings
{
    /// <summary>The hub's host name, e.g. <c>yunbao-hub.azure-devices.net</c>. Part of the username and the SAS resource URI.</summary>
    public required string HostName { get; init; }

    public required string DeviceId { get; init; }

    /// <summary>Set for an IoT Edge module identity (ClientId <c>{deviceId}/{moduleId}</c>).</summary>
    public string? ModuleId { get; init; }

    /// <summary>edgeHub's host name when the client connects through an IoT Edge gateway.</summary>
    public string? GatewayHostName { get; init; }

    /// <summary>Base64 symmetric key of the device or module; null when the workload API signs.</summary>
    public string? SharedAccessKey { get; init; }

    /// <summary>Only for a hub-level policy key (adds <c>skn=</c> to the token); never for a device key.</summary>
    public string? SharedAccessKeyName { get; init; }

    public bool IsModule => !string.IsNullOrEmpty(ModuleId);

    /// <summary>MQTT ClientId: <c>{deviceId}</c> or <c>{deviceId}/{moduleId}</c>.</summary>
    public string ClientId => IsModule ? $"{DeviceId}/{ModuleId}" : DeviceId;

    /// <summary>The (not yet URL-encoded) SAS resource URI, <c>{hub}/devices/{deviceId}[/modules/{moduleId}]</c>.</summary>
    public string ResourceUri => SharedAccessSignature.ResourceUri(HostName, DeviceId, ModuleId);

    /// <summary>Parses a device or module connection string. Unknown keys are ignored; missing required keys throw <see cref="FormatException"/>.</summary>
    public static IotHubConnectionSettings Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Base64 keys end in '=': split at the first '=' only.
            var eq = part.IndexOf('=');
            if (eq <= 0) throw new FormatException($"Connection string part '{Redact(part)}' is not Name=Value.");
            parts[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        string Required(string name) => parts.TryGetValue(name, out var v) && v.Length > 0
            ? v
            : throw new FormatException($"Connection string has no {name}.");

        var settings = new IotHubConnectionSettings
        {
            HostName = Required("HostName"),
            DeviceId = Required("DeviceId"),
            ModuleId = parts.GetValueOrDefault("ModuleId") is { Length: > 0 } m ? m : null,
            GatewayHostName = parts.GetValueOrDefault("GatewayHostName") is { Length: > 0 } g ? g : null,
            SharedAccessKey = Required("SharedAccessKey"),
            SharedAccessKeyName = parts.GetValueOrDefault("SharedAccessKeyName") is { Length: > 0 } k ? k : null,
        };
        try
        {
            _ = Convert.FromBase64String(settings.SharedAccessKey!);
        }
        catch (FormatException)
        {
            throw new FormatException("Connection string SharedAccessKey is not Base64.");
        }

        return settings;
    }

    /// <summary>The connection string form (with the key): useful for tests and the local stand-in.</summary>
    public string ToConnectionString()
    {
        var parts = new List<string> { $"HostName={HostName}", $"DeviceId={DeviceId}" };
        if (IsModule) parts.Add($"ModuleId={ModuleId}");
        if (SharedAccessKeyName is not null) parts.Add($"SharedAccessKeyName={SharedAccessKeyName}");
        if (SharedAccessKey is not null) parts.Add($"SharedAccessKey={SharedAccessKey}");
        if (GatewayHostName is not null) parts.Add($"GatewayHostName={GatewayHostName}");
        return string.Join(';', parts);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{HostName}/{ClientId}{(GatewayHostName is null ? "" : " via " + GatewayHostName)}");

    private static string Redact(string part) => part.Length > 12 ? part[..12] + "..." : part;
}
