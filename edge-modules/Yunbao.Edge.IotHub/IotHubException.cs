namespace Yunbao.Edge.IotHub;

/// <summary>IoT Hub (or edgeHub, or the workload API) answered with an error status.</summary>
public class IotHubException(int status, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The status the service answered (HTTP-style: 400, 401, 404, 429, 5xx); 0 when there was none.</summary>
    public int Status { get; } = status;

    /// <summary>Worth retrying later (throttled, server error, timeout).</summary>
    public bool IsTransient => Status is 0 or 408 or 429 or >= 500;
}
