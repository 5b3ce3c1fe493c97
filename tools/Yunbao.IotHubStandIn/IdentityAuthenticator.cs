namespace Yunbao.IotHubStandIn;

/// <summary>Why a connection or request was refused (logged; the client only sees "bad username or password" / 401).</summary>
public enum AuthFailure { None, MalformedClientId, MalformedUserName, UnknownIdentity, MalformedToken, WrongResource, Expired, BadSignature }

/// <summary>Checks SAS tokens against the registry the way IoT Hub does: right resource, not expired, signed with the identity's key.</summary>
internal sealed class IdentityAuthenticator(DeviceRegistry registry, TimeProvider time)
{
    public AuthFailure ValidateToken(string? token, string deviceId, string? moduleId, bool allowModuleTokenForDevice = false)
    {
        var sas = SharedAccessSignature.Parse(token);
        if (sas is null || sas.KeyName is not null) return AuthFailure.MalformedToken;   // skn is for hub policies, never device keys
        var tokenModule = moduleId;
        if (!ResourceMatches(sas.ResourceUri, deviceId, moduleId))
        {
            // A module signing for its own device's upload endpoints (see FileUploadService).
            if (!(allowModuleTokenForDevice && moduleId is null && TryModuleResource(sas.ResourceUri, deviceId, out tokenModule)))
                return AuthFailure.WrongResource;
        }
        if (!registry.TryGet(deviceId, tokenModule, out var identity)) return AuthFailure.UnknownIdentity;
        if (sas.ExpiresAt <= time.GetUtcNow()) return AuthFailure.Expired;
        return sas.IsSignedWith(identity.PrimaryKey) ? AuthFailure.None : AuthFailure.BadSignature;
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

    private bool ResourceMatches(string resourceUri, string deviceId, string? moduleId) =>
        string.Equals(resourceUri, registry.ResourceUri(deviceId, moduleId), StringComparison.OrdinalIgnoreCase)
        && resourceUri.EndsWith(moduleId is null ? $"/devices/{deviceId}" : $"/devices/{deviceId}/modules/{moduleId}", StringComparison.Ordinal);

    private bool TryModuleResource(string resourceUri, string deviceId, out string? moduleId)
    {
        moduleId = null;
        var prefix = registry.ResourceUri(deviceId) + "/modules/";
        var uri = resourceUri;
        if (!uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || !uri.Contains($"/devices/{deviceId}/", StringComparison.Ordinal)) return false;
        moduleId = uri[prefix.Length..];
        return moduleId.Length > 0 && !moduleId.Contains('/');
    }

}
