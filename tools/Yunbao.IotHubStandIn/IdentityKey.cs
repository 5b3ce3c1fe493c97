using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Yunbao.IotHubStandIn;

/// <summary>An identity the stand-in knows: a device, or a module on a device. Each has its own symmetric key, as in IoT Hub.</summary>
public sealed record IdentityKey(string DeviceId, string? ModuleId, string PrimaryKey)
{
    /// <summary>MQTT client id: "{deviceId}" or "{deviceId}/{moduleId}".</summary>
    public string ClientId => ModuleId is null ? DeviceId : $"{DeviceId}/{ModuleId}";
}
