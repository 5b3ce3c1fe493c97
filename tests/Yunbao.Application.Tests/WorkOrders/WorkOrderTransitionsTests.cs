using Yunbao.Application.WorkOrders;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Tests.WorkOrders;

/// <summary>What an API caller gets back from a transition request: one typed answer, decided on one read of the order.</summary>
public sealed class WorkOrderTransitionsTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<(ServiceWorld World, string OrderId)> DispatchedOrderAsync()
    {
        var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var id = Assert.Single((await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole()), Ct)).WorkOrdersOpened);
        return (w, id);
    }

    private static WorkOrderTransition ApiRequest(string id, WorkOrderAction action, Actor by, string? ifMatch) => new()
    {
        DistrictId = "lize", WorkOrderId = id, Action = action, By = by, IfMatch = ifMatch, CheckCallerPolicy = true,
    };

    [Fact]
    public async Task An_api_transition_reads_the_order_once_and_answers_with_the_stored_order()
    {
        var (w, id) = await DispatchedOrderAsync();
        using var _ = w;
        var etag = (await w.OrderAsync(id))!.ETag;
        var reads = w.Orders.Reads;

        var outcome = await w.Transitions.TransitionAsync(ApiRequest(id, WorkOrderAction.Accept, Actor.Steward("s1"), $"\"{etag}\""), Ct);
        var readsByTransition = w.Orders.Reads - reads;

        Assert.Equal(1, readsByTransition);
        var ok = Assert.IsType<TransitionOutcome.Ok>(outcome);
        Assert.Equal(WorkOrderStatus.Accepted, ok.Order.Status);
        Assert.Equal((await w.OrderAsync(id))!.ETag, ok.Order.ETag);
    }

    [Fact]
    public async Task A_steward_moving_someone_elses_order_is_forbidden_before_the_etag_is_looked_at()
    {
        var (w, id) = await DispatchedOrderAsync();
        using var _ = w;
        var writes = w.Orders.Writes;

        var outcome = await w.Transitions.TransitionAsync(ApiRequest(id, WorkOrderAction.Accept, Actor.Steward("intruder"), "\"stale\""), Ct);

        Assert.Contains("not assigned to steward intruder", Assert.IsType<TransitionOutcome.Forbidden>(outcome).Reason);
        Assert.Equal(writes, w.Orders.Writes);
    }

    [Fact]
    public async Task A_steward_may_not_close_even_their_own_order()
    {
        var (w, id) = await DispatchedOrderAsync();
        using var _ = w;
        var etag = (await w.OrderAsync(id))!.ETag;

        var outcome = await w.Transitions.TransitionAsync(ApiRequest(id, WorkOrderAction.Close, Actor.Steward("s1"), etag), Ct);

        Assert.Contains("'close' needs a dispatcher", Assert.IsType<TransitionOutcome.Forbidden>(outcome).Reason);
    }

    [Fact]
    public async Task A_stale_if_match_answers_with_the_current_etag_to_read_again()
    {
        var (w, id) = await DispatchedOrderAsync();
        using var _ = w;

        var outcome = await w.Transitions.TransitionAsync(ApiRequest(id, WorkOrderAction.Accept, Actor.Steward("s1"), "\"old\""), Ct);

        Assert.Equal((await w.OrderAsync(id))!.ETag, Assert.IsType<TransitionOutcome.Stale>(outcome).CurrentETag);
    }

    [Fact]
    public async Task A_transition_the_state_machine_refuses_says_why_from_which_state()
    {
        var (w, id) = await DispatchedOrderAsync();
        using var _ = w;
        var etag = (await w.OrderAsync(id))!.ETag;

        var outcome = await w.Transitions.TransitionAsync(ApiRequest(id, WorkOrderAction.Resolve, Actor.Steward("s1"), etag), Ct);

        var invalid = Assert.IsType<TransitionOutcome.Invalid>(outcome);
        Assert.Equal(WorkOrderStatus.Dispatched, invalid.From);
        Assert.Equal("resolve", invalid.Action);
        Assert.Contains("in progress", invalid.Reason);
    }
}
