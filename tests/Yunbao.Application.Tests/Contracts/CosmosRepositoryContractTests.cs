using Yunbao.Infrastructure.Cosmos;
using Yunbao.Testing;

namespace Yunbao.Application.Tests.Contracts;

/// <summary>The Cosmos adapters on the local Cosmos stand-in (a fresh database per test) against the ports' rules.</summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class CosmosRepositoryContractTests(LocalStackFixture fx) : RepositoryContractTests
{
    protected override async Task<RepositorySet> NewRepositoriesAsync()
    {
        var db = await fx.CreateDatabaseAsync("contract");
        return new RepositorySet(
            new CosmosWorkOrderRepository(db.GetContainer(CosmosNames.WorkOrders)),
            new CosmosIncidentRepository(db.GetContainer(CosmosNames.Incidents)),
            new CosmosStewardRepository(db.GetContainer(CosmosNames.Stewards)),
            new CosmosDeviceStateRepository(db.GetContainer(CosmosNames.Devices)));
    }
}
