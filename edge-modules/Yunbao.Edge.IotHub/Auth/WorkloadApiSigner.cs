namespace Yunbao.Edge.IotHub;

/// <summary>An IoT Edge module has no key: the workload API (aziot-edged) signs for it.</summary>
public sealed class WorkloadApiSigner(WorkloadApiClient workload, string moduleId, string generationId) : ISasTokenSigner
{
    public string? KeyName => null;

    public Task<string> SignAsync(string stringToSign, CancellationToken cancellationToken) =>
        workload.SignAsync(moduleId, generationId, stringToSign, cancellationToken);
}
