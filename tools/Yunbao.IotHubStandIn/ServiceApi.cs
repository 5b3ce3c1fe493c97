using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yunbao.Edge.IotHub;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// The few service-side REST calls the console and operators need, in IoT Hub's service REST shapes ("Device - Invoke
/// Method", "Module - Invoke Method", "Cloud To Device Messages - Send"), authenticated with the service policy's SAS
/// token (<c>skn=service</c>), loopback only.
/// </summary>
internal sealed class ServiceApi(MqttGateway mqtt, DeviceRegistry registry, string policyName, string policyKey, TimeProvider time, ILogger logger)
{
    private const int MaxCloudToDeviceBytes = 64 * 1024;   // IoT Hub: a C2D message is at most 64 KB

    public void Map(WebApplication app)
    {
        app.MapPost("/twins/{deviceId}/methods", (string deviceId, HttpRequest request, CancellationToken ct) => InvokeAsync(deviceId, null, request, ct));
        app.MapPost("/twins/{deviceId}/modules/{moduleId}/methods", (string deviceId, string moduleId, HttpRequest request, CancellationToken ct) => InvokeAsync(deviceId, moduleId, request, ct));
        app.MapPost("/devices/{deviceId}/messages/deviceBound", SendCloudToDeviceAsync);
        app.MapPut("/devices/{deviceId}", CreateDeviceAsync);
    }

    /// <summary>"Devices - Create Or Update Identity" (SAS authentication): registers a device at run time and answers with its keys.</summary>
    private async Task<IResult> CreateDeviceAsync(string deviceId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (Refused(request) is { } refusal) return refusal;
        JsonObject? body = null;
        try { body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject; }
        catch (JsonException) { }
        if (body is null || body["deviceId"]?.GetValue<string>() is { } named && named != deviceId)
            return Error(400, 400004, "ArgumentInvalid", "The body must be a device identity whose deviceId matches the path.");
        var key = body["authentication"]?["symmetricKey"]?["primaryKey"]?.GetValue<string>() is { Length: > 0 } given ? given : null;
        IdentityKey identity;
        try { identity = registry.AddDevice(deviceId, key); }
        catch (ArgumentException ex) { return Error(400, 400004, "ArgumentInvalid", ex.Message); }
        catch (InvalidOperationException ex) { return Error(409, 409001, "DeviceAlreadyExists", ex.Message); }
        logger.LogInformation(StandInLabel.Text + ": device {deviceId} registered through the service API", deviceId);
        return Results.Json(new
        {
            deviceId = identity.DeviceId,
            status = "enabled",
            authentication = new { type = "sas", symmetricKey = new { primaryKey = identity.PrimaryKey, secondaryKey = (string?)null } },
            connectionString = registry.GetConnectionString(identity.DeviceId),
            standIn = StandInLabel.Text,
        });
    }

    private async Task<IResult> InvokeAsync(string deviceId, string? moduleId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (Refused(request) is { } refusal) return refusal;
        if (!registry.TryGet(deviceId, moduleId, out _)) return Error(404, 404001, "DeviceNotFound", "The device or module is not registered.");
        JsonObject? body = null;
        try { body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject; }
        catch (JsonException) { }
        if (body?["methodName"]?.GetValue<string>() is not { Length: > 0 and <= 100 } methodName || methodName.Contains('/', StringComparison.Ordinal))
            return Error(400, 400004, "ArgumentInvalid", "methodName is missing or invalid.");
        // IoT Hub: responseTimeoutInSeconds 5..300, default 30.
        var timeoutSeconds = body["responseTimeoutInSeconds"] is JsonValue t && t.TryGetValue<int>(out var seconds) ? Math.Clamp(seconds, 5, 300) : 30;
        var result = await mqtt.InvokeMethodAsync(deviceId, moduleId, methodName, body["payload"]?.ToJsonString(), TimeSpan.FromSeconds(timeoutSeconds), cancellationToken);
        if (!result.FromDevice)
            return Results.Content(result.PayloadJson ?? "{}", "application/json", Encoding.UTF8, result.Status);
        var answer = new JsonObject { ["status"] = result.Status, ["payload"] = result.PayloadJson is null ? null : JsonNode.Parse(result.PayloadJson) };
        return Results.Content(answer.ToJsonString(), "application/json", Encoding.UTF8, 200);
    }

    private async Task<IResult> SendCloudToDeviceAsync(string deviceId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (Refused(request) is { } refusal) return refusal;
        if (!registry.TryGet(deviceId, null, out _)) return Error(404, 404001, "DeviceNotFound", "The device is not registered.");
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxCloudToDeviceBytes) return Error(400, 400005, "MessageTooLarge", "A cloud-to-device message is at most 64 KB.");
        // System properties as IoT Hub's REST API takes them (iothub-messageid, ...); iothub-app-{name} are application properties.
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
        {
            var lower = name.ToLowerInvariant();
            if (lower == "iothub-messageid") properties["$.mid"] = value.ToString();
            else if (lower == "iothub-correlationid") properties["$.cid"] = value.ToString();
            else if (lower.StartsWith("iothub-app-", StringComparison.Ordinal) && lower.Length > "iothub-app-".Length) properties[name["iothub-app-".Length..]] = value.ToString();
        }
        if (!properties.ContainsKey("$.mid")) properties["$.mid"] = Guid.NewGuid().ToString();
        properties["$.to"] = $"/devices/{deviceId}/messages/deviceBound";
        if (!await mqtt.SendCloudToDeviceAsync(deviceId, buffer.ToArray(), properties))
            return Error(403, 403004, "DeviceMaximumQueueDepthExceeded", "The device already has 50 cloud-to-device messages waiting.");
        logger.LogInformation(StandInLabel.Text + ": cloud-to-device message {messageId} for {deviceId} accepted", properties["$.mid"], deviceId);
        return Results.NoContent();
    }

    private IResult? Refused(HttpRequest request)
    {
        if (request.HttpContext.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
            return Error(403, 403000, "Forbidden", "The stand-in's service API answers on loopback only.");
        if (string.IsNullOrEmpty(request.Query["api-version"]))
            return Error(400, 400001, "InvalidProtocolVersion", "The api-version query parameter is required.");
        var token = request.Headers.Authorization.ToString();
        // A service token is signed for the hub (sr={host}, or a path under it) with a policy key (skn={policy}).
        if (SharedAccessSignature.TryParse(token, out var parts) && parts is not null && parts.KeyName == policyName
            && (string.Equals(parts.ResourceUri, registry.HostName, StringComparison.OrdinalIgnoreCase)
                || parts.ResourceUri.StartsWith(registry.HostName + "/", StringComparison.OrdinalIgnoreCase))
            && SharedAccessSignature.Validate(token, parts.ResourceUri, policyKey, time.GetUtcNow(), out _))
            return null;
        logger.LogWarning(StandInLabel.Text + ": service API call {path} refused: no valid '{policy}' policy token", request.Path, policyName);
        return Error(401, 401002, "IotHubUnauthorizedAccess", "Unauthorized");
    }

    private static IResult Error(int status, int errorCode, string name, string message) =>
        Results.Json(new { Message = $"ErrorCode:{name};{message}", ErrorCode = errorCode, StandIn = StandInLabel.Text }, statusCode: status);
}
