using Yunbao.Application.WorkOrders;
using Yunbao.Domain.Geo;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Tests.WorkOrders;

public sealed class ResolvedOrderIndexTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static GeoBounds Around(ServiceWorld w)
    {
        var p = ServiceWorld.RightOfCar;
        return new GeoBounds(p.Lon - 0.001, p.Lat - 0.001, p.Lon + 0.001, p.Lat + 0.001);
    }

    [Fact]
    public async Task An_order_resolved_by_another_instance_is_found_once_the_index_refreshes()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var orderId = Assert.Single((await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole()), Ct)).WorkOrdersOpened);
        // This index belongs to "another instance": it does not see the transitions made here.
        var other = new ResolvedOrderIndex(w.Clock);
        Assert.Empty(await other.WithinAsync(w.Orders, "lize", Around(w), Ct));

        await w.ResolveAsync(orderId);

        Assert.Equal(WorkOrderStatus.Resolved, (await w.OrderAsync(orderId))!.Status);
        w.Clock.Advance(ResolvedOrderIndex.RefreshEvery);
        Assert.Equal([orderId], await other.WithinAsync(w.Orders, "lize", Around(w), Ct));
    }

    [Fact]
    public async Task This_instances_transitions_are_indexed_at_once_and_a_verified_order_leaves_it()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var orderId = Assert.Single((await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole()), Ct)).WorkOrdersOpened);
        var index = (ResolvedOrderIndex)w.Services.GetService(typeof(ResolvedOrderIndex))!;
        Assert.Empty(await index.WithinAsync(w.Orders, "lize", Around(w), Ct));

        await w.ResolveAsync(orderId);
        Assert.Equal([orderId], await index.WithinAsync(w.Orders, "lize", Around(w), Ct));
        var far = new GeoBounds(116.0, 39.0, 116.001, 39.001);
        Assert.Empty(await index.WithinAsync(w.Orders, "lize", far, Ct));

        w.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Contains(orderId, (await w.FrameService.ProcessFrameAsync(w.Frame(), Ct)).WorkOrdersUpdated);   // verified by a clean pass
        Assert.Empty(await index.WithinAsync(w.Orders, "lize", Around(w), Ct));
    }
}
