using Yunbao.Edge.IotHub;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// Checks SAS tokens against the registry the way IoT Hub does: right resource, not expired, signed with the identity's
/// key. The token format and check are Yunbao.Edge.IotHub's SharedAccessSignature (one implementation for both sides).
/// </summary>
internal sealed class IdentityAuthenticator(DeviceRegistry registry, TimeProvider time)
{
    /// <summary>
    /// A token for exactly <paramref name="deviceId"/> (and <paramref name="moduleId"/> when given). IoT Hub's device-only HTTPS
    /// endpoints (file upload) pass no module: a module's token is then the wrong resource and is refused, as in IoT Hub.
    /// </summary>
    public AuthFailure ValidateToken(string? token, string deviceId, string? moduleId)
    {
        if (!SharedAccessSignature.TryParse(token, out var parts) || parts is null || parts.KeyName is not null)
            return AuthFailure.MalformedToken;   // skn is for hub policies, never device keys
        var expected = registry.ResourceUri(deviceId, moduleId);
        if (!string.Equals(parts.ResourceUri, expected, StringComparison.OrdinalIgnoreCase))
            return AuthFailure.WrongResource;
        if (!registry.TryGet(deviceId, moduleId, out var identity)) return AuthFailure.UnknownIdentity;
        if (SharedAccessSignature.Validate(token, expected, identity.PrimaryKey, time.GetUtcNow(), out var error)) return AuthFailure.None;
        return error switch
        {
            "token expired" => AuthFailure.Expired,
            "signature mismatch" => AuthFailure.BadSignature,
            _ => AuthFailure.WrongResource,
        };
    }

    /// <summary>MQTT CONNECT: ClientId "{deviceId}[/{moduleId}]", username "{host}/{deviceId}[/{moduleId}]/?api-version=...", password a SAS token.</summary>
    public AuthFailure ValidateConnect(string? clientId, string? userName, string? password, out string deviceId, out string? moduleId)
    {
        deviceId = ""; moduleId = null;
        if (string.IsNullOrEmpty(clientId)) return AuthFailure.MalformedClientId;
        var parts = clientId.Split('/');
        if (parts.Length > 2 || parts.Any(string.IsNullOrEmpty)) return AuthFailure.MalformedClientId;
        deviceId = parts[0];
        moduleId = parts.Length == 2 ? parts[1] : null;
        if (userName is null) return AuthFailure.MalformedUserName;
        var query = userName.IndexOf("/?", StringComparison.Ordinal);
        if (query < 0 || !userName[(query + 2)..].Contains("api-version=", StringComparison.Ordinal)) return AuthFailure.MalformedUserName;
        if (!string.Equals(userName[..query], $"{registry.HostName}/{clientId}", StringComparison.OrdinalIgnoreCase)
            || !userName[..query].EndsWith("/" + clientId, StringComparison.Ordinal))
            return AuthFailure.MalformedUserName;
        if (!registry.TryGet(deviceId, moduleId, out _)) return AuthFailure.UnknownIdentity;
        return ValidateToken(password, deviceId, moduleId);
    }
}
