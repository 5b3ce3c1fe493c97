using Microsoft.Azure.Cosmos;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.WorkOrders;
using Yunbao.Infrastructure.Cosmos;
using Yunbao.Testing;

namespace Yunbao.Infrastructure.Tests.Cosmos;

[Collection(LocalStackFixture.CollectionName)]
/// <summary>What only the Cosmos adapters promise; the rules every repository follows are in Yunbao.Application.Tests/Contracts.</summary>
public sealed class CosmosRepositoryTests(LocalStackFixture fx)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 0, 30, 0, TimeSpan.Zero);
    private const string Lize = "lize";

    private async Task<Database> NewDatabase() => await fx.CreateDatabaseAsync("repo");

    private static WorkOrder Order(string id, string district = Lize, string category = "illegal-parking", WorkOrderStatus status = WorkOrderStatus.Detected,
        double lon = 116.31, double lat = 39.865, DateTimeOffset? createdAt = null, string? steward = null) => WorkOrder.Rehydrate(new WorkOrderSnapshot
    {
        Id = id,
        DistrictId = district,
        CategoryCode = category,
        Severity = Severity.Medium,
        Location = new GeoPoint(lon, lat),
        Status = status,
        CreatedAt = createdAt ?? T0,
        UpdatedAt = createdAt ?? T0,
        LastSeenAt = createdAt ?? T0,
        AssignedStewardId = steward,
        IncidentIds = ["inc-" + id],
        Events =
        [
            new WorkOrderEvent
            {
                Type = "detected", From = WorkOrderStatus.Detected, To = WorkOrderStatus.Detected, By = Actor.System, At = createdAt ?? T0,
                Where = new GeoPoint(lon, lat), Evidence = ["frames/x.jpg"],
            },
        ],
    });

    [Fact]
    public async Task Stored_location_is_geojson_so_spatial_queries_work()
    {
        var container = (await NewDatabase()).GetContainer(CosmosNames.WorkOrders);
        var repo = new CosmosWorkOrderRepository(container);
        await repo.TryCreateAsync(Order("near", lon: 116.3100, lat: 39.8650), default);
        await repo.TryCreateAsync(Order("far", lon: 116.3200, lat: 39.8700), default);

        var q = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.districtId = @d AND ST_DISTANCE(c.location, {'type':'Point','coordinates':[116.3101, 39.8651]}) < 100")
            .WithParameter("@d", Lize);
        var ids = new List<string>();
        using var it = container.GetItemQueryIterator<string>(q, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(Lize) });
        while (it.HasMoreResults) ids.AddRange(await it.ReadNextAsync());
        Assert.Equal(["near"], ids);
    }
}
