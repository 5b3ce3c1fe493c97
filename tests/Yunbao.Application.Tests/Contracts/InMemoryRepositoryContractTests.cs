namespace Yunbao.Application.Tests.Contracts;

/// <summary>The fakes in Fakes/ against the ports' rules.</summary>
public sealed class InMemoryRepositoryContractTests : RepositoryContractTests
{
    protected override Task<RepositorySet> NewRepositoriesAsync() => Task.FromResult(new RepositorySet(
        new InMemoryWorkOrderRepository(), new InMemoryIncidentRepository(), new InMemoryStewardRepository(), new InMemoryDeviceStateRepository()));
}
