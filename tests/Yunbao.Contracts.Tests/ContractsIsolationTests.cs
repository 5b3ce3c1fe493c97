using System.Xml.Linq;
using Yunbao.Contracts.Frames;

namespace Yunbao.Contracts.Tests;

/// <summary>The contract project is the innermost one: devices build from it, so it may bring nothing of the cloud along.</summary>
public sealed class ContractsIsolationTests
{
    [Fact]
    public void The_contracts_assembly_references_only_the_base_class_library()
    {
        var references = typeof(FrameCapture).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.True(name is "System" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal),
            $"Yunbao.Contracts references {name}"));
    }

    [Fact]
    public void The_contracts_project_has_no_project_or_package_reference()
    {
        var project = XDocument.Load(Path.Combine(RepoRoot(), "functions", "Yunbao.Contracts", "Yunbao.Contracts.csproj"));

        Assert.DoesNotContain(project.Descendants(), e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference");
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }
}
