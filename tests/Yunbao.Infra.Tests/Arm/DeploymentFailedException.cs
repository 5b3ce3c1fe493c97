namespace Yunbao.Infra.Tests.Arm;

/// <summary>The template called fail(message): Resource Manager would stop the deployment with this message.</summary>
public sealed class DeploymentFailedException(string deployment, string message) : Exception($"{deployment}: {message}")
{
    public string Deployment { get; } = deployment;
    public string Reason { get; } = message;
}
