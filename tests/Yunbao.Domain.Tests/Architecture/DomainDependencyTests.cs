using Yunbao.Domain.WorkOrders;

namespace Yunbao.Domain.Tests.Architecture;

public sealed class DomainDependencyTests
{
    [Fact]
    public void The_domain_depends_only_on_the_contracts_and_no_framework_beyond_the_base_library()
    {
        var references = typeof(WorkOrder).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, n => n.StartsWith("Yunbao.", StringComparison.Ordinal) && n != "Yunbao.Contracts");
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || n.StartsWith("Azure.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_domain_declares_no_ports()
    {
        var interfaces = typeof(WorkOrder).Assembly.GetExportedTypes().Where(t => t.IsInterface).Select(t => t.FullName).ToList();

        // IRoadDistance is a pure strategy (straight line or road graph), not I/O.
        Assert.Equal(["Yunbao.Domain.Dispatch.IRoadDistance"], interfaces);
    }
}
