using System.Reflection;
using NetArchTest.Rules;

namespace Yunbao.Architecture.Tests;

/// <summary>What the types themselves use, whatever the project files say.</summary>
public sealed class TypeDependencyTests
{
    private static readonly Assembly ContractsAssembly = Assembly.Load(LayeringRules.ContractsProject);
    private static readonly Assembly DomainAssembly = Assembly.Load(LayeringRules.DomainProject);
    private static readonly Assembly ApplicationAssembly = Assembly.Load(LayeringRules.ApplicationProject);

    /// <summary>File, network and process I/O, and any Azure SDK.</summary>
    private static readonly string[] IoAndAzure =
    [
        "Azure", "Microsoft.Azure", "Polly",
        "System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.IO.Pipes",
        "System.Net.Http", "System.Net.Sockets", "System.Diagnostics.Process",
    ];

    [Fact]
    public void Domain_types_use_no_azure_sdk_and_no_io() => AssertNone(DomainAssembly, IoAndAzure);

    [Fact]
    public void Contracts_types_use_no_azure_sdk_and_no_io() => AssertNone(ContractsAssembly, IoAndAzure);

    [Fact]
    public void Application_types_use_no_azure_sdk_and_no_io() => AssertNone(ApplicationAssembly, IoAndAzure);

    [Fact]
    public void Contracts_reference_only_the_base_library()
    {
        var others = ContractsAssembly.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n is not "netstandard" and not "mscorlib")
            .ToList();
        Assert.True(others.Count == 0, $"Yunbao.Contracts references {string.Join(", ", others)}.");
    }

    [Theory]
    [InlineData("Yunbao.Edge.IotHub")]
    [InlineData("Yunbao.Edge.Modules")]
    public void Edge_types_use_no_cloud_adapter(string assembly) =>
        AssertNone(Assembly.Load(assembly), ["Yunbao.Infrastructure", "Yunbao.Application", "Yunbao.Domain", "Yunbao.Edge.Simulator", "Microsoft.Azure.Cosmos", "Azure.Identity", "Polly"]);

    [Fact]
    public void The_domain_declares_no_ports()
    {
        // Ports (repositories, stores, the detector) belong to the application layer; IRoadDistance is a pure strategy.
        var interfaces = DomainAssembly.GetExportedTypes().Where(t => t.IsInterface).Select(t => t.FullName).ToList();
        Assert.Equal(["Yunbao.Domain.Dispatch.IRoadDistance"], interfaces);
    }

    [Fact]
    public void The_rule_finds_a_dependency_that_exists()
    {
        // The edge module base uses the device client: the same check must report it, or the checks above prove nothing.
        var result = Types.InAssembly(Assembly.Load("Yunbao.Edge.Modules")).Should().NotHaveDependencyOnAny("Yunbao.Edge.IotHub").GetResult();
        Assert.False(result.IsSuccessful);
    }

    private static void AssertNone(Assembly assembly, string[] forbidden)
    {
        var result = Types.InAssembly(assembly).Should().NotHaveDependencyOnAny(forbidden).GetResult();
        var offenders = result.FailingTypes?.Select(t => t.FullName).ToList() ?? [];
        Assert.True(result.IsSuccessful, $"{assembly.GetName().Name}: {string.Join(", ", offenders)} depend on one of {string.Join(", ", forbidden)}.");
    }
}
