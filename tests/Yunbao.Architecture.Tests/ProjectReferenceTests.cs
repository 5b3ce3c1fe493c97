using static Yunbao.Architecture.Tests.LayeringRules;

namespace Yunbao.Architecture.Tests;

public sealed class ProjectReferenceTests
{
    private static readonly ProjectGraph Graph = ProjectGraph.Load();

    [Fact]
    public void Contracts_reference_no_project_and_no_package()
    {
        Assert.Empty(Graph[ContractsProject].ProjectReferences);
        Assert.Empty(Graph[ContractsProject].PackageReferences);
    }

    [Fact]
    public void Domain_references_only_the_contracts_and_no_cloud_package()
    {
        Assert.Subset(new HashSet<string> { ContractsProject }, Graph.ProjectClosure(DomainProject).ToHashSet());
        Assert.DoesNotContain(Graph.PackageClosure(DomainProject), IsCloudPackage);
    }

    [Fact]
    public void Application_references_only_domain_and_contracts_and_no_cloud_package()
    {
        Assert.Subset(new HashSet<string> { DomainProject, ContractsProject }, Graph.ProjectClosure(ApplicationProject).ToHashSet());
        Assert.DoesNotContain(Graph.PackageClosure(ApplicationProject), IsCloudPackage);
    }

    public static TheoryData<string> Edge => [.. EdgeProjects];

    [Theory]
    [MemberData(nameof(Edge))]
    public void Edge_projects_reference_only_contracts_and_the_device_client(string project)
    {
        var outside = Graph.ProjectClosure(project).Except(EdgeMayReference).ToList();
        Assert.True(outside.Count == 0, $"{project} references {string.Join(", ", outside)}; edge code may reference only {string.Join(", ", EdgeMayReference)}.");
        var cloud = Graph.PackageClosure(project).Where(IsCloudPackage).ToList();
        Assert.True(cloud.Count == 0, $"{project} pulls cloud packages onto the device: {string.Join(", ", cloud)}.");
    }

    public static TheoryData<string> StandIns => [.. StandInProjects];

    [Theory]
    [MemberData(nameof(StandIns))]
    public void Stand_ins_do_not_reference_the_modules(string project)
    {
        var modules = Graph.ProjectClosure(project).Intersect(ModuleProjects).ToList();
        Assert.True(modules.Count == 0, $"{project} references {string.Join(", ", modules)}; stand-ins must not depend on device modules.");
    }

    [Fact]
    public void The_simulator_does_not_reference_cloud_adapters()
    {
        Assert.DoesNotContain(InfrastructureProject, Graph.ProjectClosure(SimulatorProject));
        Assert.DoesNotContain("Microsoft.Azure.Cosmos", Graph.PackageClosure(SimulatorProject));
    }

    [Fact]
    public void No_production_project_references_the_simulator_but_the_local_runner_and_its_bench()
    {
        // The local runner hosts the simulation; the benchmarks (and their own tests) drive the runner.
        static bool Allowed(string name) => name == "Yunbao.DevHost" || name.StartsWith("Yunbao.Bench", StringComparison.Ordinal);
        var offenders = Graph.Names.Where(n => n != SimulatorProject && !Allowed(n) && Graph.ProjectClosure(n).Contains(SimulatorProject)).ToList();
        Assert.True(offenders.Count == 0, $"{string.Join(", ", offenders)} reference the simulator.");
    }

    [Fact]
    public void The_graph_sees_references_that_exist()
    {
        // Guards the rules above against passing on an empty graph: these references are the point of the layering.
        Assert.Contains(DomainProject, Graph.ProjectClosure(InfrastructureProject));
        Assert.Contains(ContractsProject, Graph.ProjectClosure(InfrastructureProject));
        Assert.Contains("Microsoft.Azure.Cosmos", Graph.PackageClosure(InfrastructureProject));
        Assert.Contains(Graph.PackageClosure(InfrastructureProject), IsCloudPackage);
    }
}
