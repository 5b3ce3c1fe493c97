namespace Yunbao.Edge.IotHub;

/// <summary>IoT Hub (or edgeHub, or the workload API) answered with an error status.</summary>
public class IotHubException(int status, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The status the service answered (HTTP-style: 400, 401, 404, 429, 5xx); 0 when there was none.</summary>
    public int Status { get; } = status;

    /// <summary>Worth retrying later (throttled, server error, timeout).</summary>
    public bool IsTransient => Status is 0 or 408 or 429 or >= 500;
}

/// <summary>A device-to-cloud message over IoT Hub's 256 KB limit, refused before it reaches the outbox.</summary>
public sealed class MessageTooLargeException(int size, int limit)
    : Exception($"Device-to-cloud message is {size} bytes counting body, system property values and application property names and values; IoT Hub accepts at most {limit} bytes (256 KB). Upload large content as a file instead.")
{
    public int Size { get; } = size;
    public int Limit { get; } = limit;
}
