namespace Yunbao.Architecture.Tests;

/// <summary>
/// Which project may reference which (the layering the README draws). Each rule names what is forbidden so a
/// failure says which reference broke it.
/// </summary>
public static class LayeringRules
{
    public const string ContractsProject = "Yunbao.Contracts";
    public const string DomainProject = "Yunbao.Domain";
    public const string ApplicationProject = "Yunbao.Application";
    public const string InfrastructureProject = "Yunbao.Infrastructure";
    public const string SimulatorProject = "Yunbao.Edge.Simulator";

    /// <summary>What runs on a vehicle or a pole: the IoT Edge modules and the device client they share.</summary>
    public static readonly string[] EdgeProjects =
        ["Yunbao.Edge.IotHub", "Yunbao.Edge.Modules", "Yunbao.Edge.PatrolCamera", "Yunbao.Edge.FixedCamera", "Yunbao.Edge.EnvSensor", "Yunbao.Edge.Recognition"];

    /// <summary>The production modules (the stand-ins must not reach into them).</summary>
    public static readonly string[] ModuleProjects =
        ["Yunbao.Edge.Modules", "Yunbao.Edge.PatrolCamera", "Yunbao.Edge.FixedCamera", "Yunbao.Edge.EnvSensor"];

    /// <summary>Local stand-ins for Azure services.</summary>
    public static readonly string[] StandInProjects = ["Yunbao.IotHubStandIn", "Yunbao.LocalStack"];

    /// <summary>What an edge image may be built from.</summary>
    public static readonly string[] EdgeMayReference = [ContractsProject, "Yunbao.Edge.IotHub", "Yunbao.Edge.Modules"];

    /// <summary>Packages that are cloud adapters: none of them belongs in the domain, the contracts or on a device.</summary>
    public static readonly string[] CloudPackagePrefixes = ["Azure.", "Microsoft.Azure.", "Microsoft.Extensions.Azure", "Polly"];

    public static bool IsCloudPackage(string package) =>
        CloudPackagePrefixes.Any(p => package.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
