using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Frames;

namespace Yunbao.Application.Tests.Contracts;

/// <summary>
/// The ports' documented rules (create-only → false or 409, replace with If-Match → 412 when stale, queries,
/// paging, time windows), run against every implementation: the in-memory fakes the service tests use and the
/// Cosmos adapters on the local Cosmos stand-in. A fake that passes these behaves like the real store where the services can tell.
/// </summary>
public abstract class RepositoryContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 25, 0, 30, 0, TimeSpan.Zero);
    protected const string Lize = "lize";

    /// <summary>Repositories over a store no other test writes to.</summary>
    protected abstract Task<RepositorySet> NewRepositoriesAsync();

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

    /// <summary>The order as a writer who read it would change it (same ETag): accepted by <paramref name="steward"/>.</summary>
    private static WorkOrder Changed(WorkOrder read, string steward) =>
        WorkOrder.Rehydrate(read.ToSnapshot() with { Status = WorkOrderStatus.Accepted, AssignedStewardId = steward });

    private static Incident NewIncident(string id, DateTimeOffset at, string category = "street-laundry", string district = Lize) => new()
    {
        Id = id,
        DistrictId = district,
        CategoryCode = category,
        Source = EventSource.PatrolVehicle,
        Location = new GeoPoint(116.3, 39.86),
        ObservedAt = at,
        Confidence = 0.8,
        DeviceId = "patrol-01",
        FrameBlobName = "patrol-01/f.jpg",
        Box = new PixelBox(1, 2, 30, 40),
        Provider = "simulation",
        Simulated = true,
    };

    [Fact]
    public async Task Work_order_create_get_and_duplicate_create()
    {
        var repo = (await NewRepositoriesAsync()).WorkOrders;
        var order = Order("wo-1", status: WorkOrderStatus.InProgress, steward: "s-1");

        Assert.True(await repo.TryCreateAsync(order, default));
        Assert.False(string.IsNullOrEmpty(order.ETag));
        Assert.False(await repo.TryCreateAsync(Order("wo-1", category: "road-damage"), default));

        var read = await repo.GetAsync(Lize, "wo-1", default);
        Assert.NotNull(read);
        Assert.Equal("illegal-parking", read.CategoryCode); // the duplicate changed nothing
        Assert.Equal(WorkOrderStatus.InProgress, read.Status);
        Assert.Equal(new GeoPoint(116.31, 39.865), read.Location);
        Assert.Equal(order.ETag, read.ETag);
        Assert.Equal(["inc-wo-1"], read.IncidentIds);
        var e = Assert.Single(read.Events);
        Assert.Equal(Actor.System, e.By);
        Assert.Equal(new GeoPoint(116.31, 39.865), e.Where);
        Assert.Equal(["frames/x.jpg"], e.Evidence);
        Assert.Equal(T0, read.CreatedAt);

        Assert.Null(await repo.GetAsync(Lize, "missing", default));
        Assert.Null(await repo.GetAsync("other-district", "wo-1", default));
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_conflicts_and_keeps_the_winner()
    {
        var repo = (await NewRepositoriesAsync()).WorkOrders;
        await repo.TryCreateAsync(Order("wo-2"), default);

        var first = Changed((await repo.GetAsync(Lize, "wo-2", default))!, "s-first");
        var second = Changed((await repo.GetAsync(Lize, "wo-2", default))!, "s-second");
        var read = first.ETag;
        await repo.ReplaceAsync(first, default);
        Assert.NotEqual(read, first.ETag); // replace with the current ETag gives a new one
        Assert.Equal(first.ETag, (await repo.GetAsync(Lize, "wo-2", default))!.ETag);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => repo.ReplaceAsync(second, default));
        Assert.False(conflict.AlreadyExists);

        Assert.Equal("s-first", (await repo.GetAsync(Lize, "wo-2", default))!.AssignedStewardId);
    }

    [Fact]
    public async Task Twenty_racing_replaces_on_one_etag_have_exactly_one_winner()
    {
        var repo = (await NewRepositoriesAsync()).WorkOrders;
        await repo.TryCreateAsync(Order("wo-race"), default);
        var copies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => repo.GetAsync(Lize, "wo-race", default)));

        var outcomes = await Task.WhenAll(copies.Select(async (copy, i) =>
        {
            try { await repo.ReplaceAsync(Changed(copy!, "s-" + i), default); return i; }
            catch (ConcurrencyConflictException) { return -1; }
        }));

        var winners = outcomes.Where(i => i >= 0).ToList();
        Assert.Single(winners);
        Assert.Equal("s-" + winners[0], (await repo.GetAsync(Lize, "wo-race", default))!.AssignedStewardId);
    }

    [Fact]
    public async Task Replace_of_an_order_never_read_is_refused()
    {
        var repo = (await NewRepositoriesAsync()).WorkOrders;
        await repo.TryCreateAsync(Order("wo-3"), default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => repo.ReplaceAsync(Order("wo-3"), default));
    }

    [Fact]
    public async Task Queries_filter_by_every_field_and_only_see_their_own_district()
    {
        var repo = (await NewRepositoriesAsync()).WorkOrders;
        var orders = new[]
        {
            Order("a", status: WorkOrderStatus.Dispatched, steward: "s-1", createdAt: T0),
            Order("b", status: WorkOrderStatus.Accepted, steward: "s-1", category: "road-damage", createdAt: T0.AddHours(1)),
            Order("c", status: WorkOrderStatus.Closed, steward: "s-2", createdAt: T0.AddHours(2), lon: 116.296, lat: 39.856),
            Order("d", status: WorkOrderStatus.Detected, createdAt: T0.AddHours(3), lon: 116.324, lat: 39.874),
            Order("x", district: "elsewhere", status: WorkOrderStatus.Dispatched, steward: "s-1", createdAt: T0.AddHours(4)),
        };
        foreach (var o in orders) Assert.True(await repo.TryCreateAsync(o, default));

        async Task<string[]> Ids(WorkOrderQuery q) => (await repo.QueryAsync(q, default)).Items.Select(o => o.Id).ToArray();

        Assert.Equal(["d", "c", "b", "a"], await Ids(new WorkOrderQuery { DistrictId = Lize }));
        Assert.Equal(["x"], await Ids(new WorkOrderQuery { DistrictId = "elsewhere" }));
        Assert.Equal(["b", "a"], await Ids(new WorkOrderQuery { DistrictId = Lize, Statuses = [WorkOrderStatus.Dispatched, WorkOrderStatus.Accepted] }));
        Assert.Equal(["b"], await Ids(new WorkOrderQuery { DistrictId = Lize, CategoryCode = "road-damage" }));
        Assert.Equal(["b", "a"], await Ids(new WorkOrderQuery { DistrictId = Lize, StewardId = "s-1" }));
        Assert.Equal(["c"], await Ids(new WorkOrderQuery { DistrictId = Lize, Bounds = new GeoBounds(116.295, 39.855, 116.30, 39.86) }));
        Assert.Equal(["d", "c"], await Ids(new WorkOrderQuery { DistrictId = Lize, Since = T0.AddHours(2) }));
        Assert.Equal(["a"], await Ids(new WorkOrderQuery
        {
            DistrictId = Lize, Statuses = [WorkOrderStatus.Dispatched], StewardId = "s-1", CategoryCode = "illegal-parking",
            Bounds = new GeoBounds(116.30, 39.86, 116.32, 39.87), Since = T0,
        }));
    }

    [Fact]
    public async Task Paging_visits_every_order_once_across_pages()
    {
        var repo = (await NewRepositoriesAsync()).WorkOrders;
        for (var i = 0; i < 23; i++) await repo.TryCreateAsync(Order($"p{i:00}", createdAt: T0.AddMinutes(i)), default);
        await repo.TryCreateAsync(Order("other", district: "elsewhere"), default);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await repo.QueryAsync(new WorkOrderQuery { DistrictId = Lize, PageSize = 5, ContinuationToken = token }, default);
            Assert.True(page.Items.Count <= 5);
            seen.AddRange(page.Items.Select(o => o.Id));
            token = page.ContinuationToken;
            pages++;
        } while (token is not null && pages < 20);

        Assert.Equal(Enumerable.Range(0, 23).Reverse().Select(i => $"p{i:00}"), seen);
        Assert.InRange(pages, 5, 6); // the last page says so with a null token instead of leaving an empty extra page
    }

    [Fact]
    public async Task List_open_returns_only_open_orders_of_the_category()
    {
        var repo = (await NewRepositoriesAsync()).WorkOrders;
        await repo.TryCreateAsync(Order("o1", status: WorkOrderStatus.Dispatched), default);
        await repo.TryCreateAsync(Order("o2", status: WorkOrderStatus.Resolved), default);
        await repo.TryCreateAsync(Order("o3", status: WorkOrderStatus.Closed), default);
        await repo.TryCreateAsync(Order("o4", status: WorkOrderStatus.Verified), default);
        await repo.TryCreateAsync(Order("o5", status: WorkOrderStatus.Rejected), default);
        await repo.TryCreateAsync(Order("o6", status: WorkOrderStatus.Escalated), default);
        await repo.TryCreateAsync(Order("o7", status: WorkOrderStatus.Detected, category: "road-damage"), default);
        await repo.TryCreateAsync(Order("o8", district: "elsewhere", status: WorkOrderStatus.Detected), default);

        var open = await repo.ListOpenAsync(Lize, "illegal-parking", default);
        Assert.Equal(["o1", "o2", "o6"], open.Select(o => o.Id).Order());
    }

    [Fact]
    public async Task Incidents_add_once_list_by_time_and_link_to_orders()
    {
        var repo = (await NewRepositoriesAsync()).Incidents;
        var first = NewIncident("i1", T0);
        Assert.True(await repo.TryAddAsync(first, default));
        Assert.False(await repo.TryAddAsync(first with { Confidence = 0.1 }, default));
        Assert.True(await repo.TryAddAsync(NewIncident("i2", T0.AddMinutes(10)), default));
        Assert.True(await repo.TryAddAsync(NewIncident("i3", T0.AddMinutes(20), category: "road-damage"), default));
        Assert.True(await repo.TryAddAsync(NewIncident("i4", T0.AddMinutes(30)), default));
        Assert.True(await repo.TryAddAsync(NewIncident("i5", T0.AddMinutes(10), district: "elsewhere"), default));

        var read = await repo.GetAsync(Lize, "i1", default);
        Assert.Equal(first, read);
        Assert.Null(await repo.GetAsync(Lize, "nope", default));

        var recent = await repo.ListRecentAsync(Lize, "street-laundry", T0.AddMinutes(10), default);
        Assert.Equal(["i2", "i4"], recent.Select(i => i.Id).Order());

        // Offsets differ but instants compare correctly (+08:00 is Beijing time).
        var from = T0.AddMinutes(10).ToOffset(TimeSpan.FromHours(8));
        var between = new List<string>();
        await foreach (var i in repo.ListObservedBetweenAsync(Lize, from, T0.AddMinutes(30), default)) between.Add(i.Id);
        Assert.Equal(["i2", "i3"], between.Order());

        await repo.SetWorkOrderAsync(Lize, "i1", "wo-9", default);
        await repo.SetWorkOrderAsync(Lize, "i1", "wo-9", default);
        Assert.Equal("wo-9", (await repo.GetAsync(Lize, "i1", default))!.WorkOrderId);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => repo.SetWorkOrderAsync(Lize, "nope", "wo-9", default));
    }

    [Fact]
    public async Task Steward_is_found_by_the_signed_in_users_object_id_in_its_district_only()
    {
        var repo = (await NewRepositoriesAsync()).Stewards;
        Assert.True(await repo.TryCreateAsync(new Steward { Id = "s-oid", DistrictId = Lize, Name = "张伟", UserObjectId = "6f1c2a9e-0000-4000-8000-000000000001" }, default));
        Assert.True(await repo.TryCreateAsync(new Steward { Id = "s-none", DistrictId = Lize, Name = "李娜" }, default));
        Assert.True(await repo.TryCreateAsync(new Steward { Id = "s-far", DistrictId = "elsewhere", Name = "王芳", UserObjectId = "6f1c2a9e-0000-4000-8000-000000000002" }, default));

        var found = await repo.FindByUserObjectIdAsync(Lize, "6f1c2a9e-0000-4000-8000-000000000001", default);
        Assert.Equal("s-oid", found?.Id);
        Assert.Equal("6f1c2a9e-0000-4000-8000-000000000001", found?.UserObjectId);
        Assert.Equal("6f1c2a9e-0000-4000-8000-000000000001", (await repo.GetAsync(Lize, "s-oid", default))?.UserObjectId);
        Assert.Null(await repo.FindByUserObjectIdAsync(Lize, "6f1c2a9e-0000-4000-8000-000000000002", default));
        Assert.Null(await repo.FindByUserObjectIdAsync(Lize, "s-oid", default));
    }

    [Fact]
    public async Task Steward_create_is_create_only_and_updates_need_the_current_etag()
    {
        var repo = (await NewRepositoriesAsync()).Stewards;
        var s1 = new Steward { Id = "s1", DistrictId = Lize, Name = "张伟", Location = new GeoPoint(116.30, 39.86), LastSeenAt = T0 };
        Assert.True(await repo.TryCreateAsync(s1, default));
        Assert.NotNull(s1.ETag);
        Assert.True(await repo.TryCreateAsync(new Steward { Id = "s2", DistrictId = Lize, Name = "李娜", Available = false }, default));
        Assert.True(await repo.TryCreateAsync(new Steward { Id = "s3", DistrictId = "elsewhere", Name = "王芳" }, default));

        // A second create of the same steward (a seed racing a first heartbeat) is refused and overwrites nothing.
        var again = new Steward { Id = "s1", DistrictId = Lize, Name = "someone else" };
        Assert.False(await repo.TryCreateAsync(again, default));
        Assert.Null(again.ETag);
        Assert.Equal("张伟", (await repo.GetAsync(Lize, "s1", default))!.Name);

        Assert.Equal(["s1", "s2"], (await repo.ListAsync(Lize, default)).Select(s => s.Id).Order());

        var a = (await repo.GetAsync(Lize, "s1", default))!;
        var b = (await repo.GetAsync(Lize, "s1", default))!;
        Assert.Equal(new GeoPoint(116.30, 39.86), a.Location);
        a.ActiveOrderIds.Add("wo-1");
        var read = a.ETag;
        await repo.ReplaceAsync(a, default);
        Assert.NotEqual(read, a.ETag);
        b.ActiveOrderIds.Add("wo-2");
        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => repo.ReplaceAsync(b, default));
        Assert.False(stale.AlreadyExists);
        Assert.Equal(["wo-1"], (await repo.GetAsync(Lize, "s1", default))!.ActiveOrderIds);

        await Assert.ThrowsAsync<InvalidOperationException>(() => repo.ReplaceAsync(new Steward { Id = "s2", DistrictId = Lize, Name = "no etag" }, default));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => repo.ReplaceAsync(new Steward { Id = "ghost", DistrictId = Lize, Name = "ghost", ETag = "x" }, default));
        Assert.Null(await repo.GetAsync(Lize, "missing", default));
    }

    [Fact]
    public async Task Device_state_creates_once_then_guards_with_etag()
    {
        var repo = (await NewRepositoriesAsync()).Devices;
        var first = new DeviceState { Id = "patrol-01", DistrictId = Lize, Kind = "vehicle", Location = new GeoPoint(116.31, 39.86), LastReportAt = T0, LastSeenAt = T0, Simulated = true };
        first.Readings["pm25"] = 41.5;
        Assert.True(await repo.TryCreateAsync(first, default));
        Assert.NotNull(first.ETag);

        // A second first-report (a redelivery racing the first) must not overwrite silently.
        var again = new DeviceState { Id = "patrol-01", DistrictId = Lize, Kind = "vehicle", LastReportAt = T0 };
        Assert.False(await repo.TryCreateAsync(again, default));
        Assert.Null(again.ETag);

        var a = (await repo.GetAsync(Lize, "patrol-01", default))!;
        var b = (await repo.GetAsync(Lize, "patrol-01", default))!;
        Assert.Equal(new GeoPoint(116.31, 39.86), a.Location);
        Assert.Equal(41.5, a.Readings["pm25"]);
        Assert.True(a.Simulated);
        a.SpeedKmh = 25;
        await repo.ReplaceAsync(a, default);
        b.SpeedKmh = 3;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => repo.ReplaceAsync(b, default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => repo.ReplaceAsync(new DeviceState { Id = "patrol-01", DistrictId = Lize, Kind = "vehicle" }, default));
        Assert.Equal(25, (await repo.GetAsync(Lize, "patrol-01", default))!.SpeedKmh);
        Assert.Equal(["patrol-01"], (await repo.ListAsync(Lize, default)).Select(d => d.Id));
    }
}
