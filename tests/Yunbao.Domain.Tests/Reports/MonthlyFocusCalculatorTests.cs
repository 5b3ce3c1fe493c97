using Yunbao.Contracts;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Reports;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Domain.Tests.Reports;

/// <summary>
/// The November 2026 fixture, counted by hand (Beijing time):
/// street A: garbage-overflow sighted by citizens on Nov 3, 10, 20 and 30 23:59 (4) and by the patrol car twice; in October by
/// citizens on Oct 12 and Oct 31 23:30 (2). Orders there: G1 (Oct 5, fixed in 60 min), then G2 (Nov 3, fixed in 90 min, SLA 120 met)
/// and G3 (Nov 20, fixed in 150 min, missed): the spot came back twice.
/// street B: illegal-parking by citizens twice and the patrol car four times (October: citizens four times); order P1 opened
/// Nov 8, fixed in 20 min, reopened Nov 9, fixed again 40 min after the reopen (SLA 30 missed): back once. road-damage seen
/// once by a fixed camera, order R1 open. A citizen report at Dec 1 00:00 belongs to December.
/// </summary>
public sealed class MonthlyFocusCalculatorTests
{
    private static readonly CategoryCatalog Catalog = CategoryCatalog.Default;
    private static readonly StreetNetwork Streets = StreetNetwork.Default;
    private static readonly TimeZoneInfo Beijing = DistrictTime.Beijing;
    private static readonly Street StreetA = Streets.Streets.First(IsOwnMidpoint);
    private static readonly Street StreetB = Streets.Streets.Where(s => s.Id != StreetA.Id && Streets.Nearest(Mid(s)).Street.Id == s.Id)
        .First(s => Mid(s).DistanceTo(Mid(StreetA)) > 200);
    private static readonly GeoPoint A = Mid(StreetA);
    private static readonly GeoPoint B = Mid(StreetB);
    private int _next;

    private static GeoPoint Mid(Street s) => s.Path.PointAt(s.LengthMeters / 2);
    private static bool IsOwnMidpoint(Street s) => Streets.Nearest(Mid(s)).Street.Id == s.Id;
    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Figures_match_the_hand_counted_month()
    {
        var report = Compute(previous: null);

        Assert.Equal("2026-11", report.Month);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), report.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), report.To);
        var t = report.Totals;
        Assert.Equal(13, t.Total);
        Assert.Equal(6, t.PreviousTotal);
        Assert.Equal(116.7, t.ChangePct);
        Assert.Equal(6, t.BySource["citizen"]);
        Assert.Equal(6, t.BySource["patrol_vehicle"]);
        Assert.Equal(1, t.BySource["fixed_camera"]);
        Assert.Equal(0, t.BySource["sensor"]);
        Assert.Equal(4, t.OrdersOpened);                 // G2, G3, P1, R1
        Assert.Equal(3, t.OrdersResolved);               // G2 90, G3 150, P1 40
        Assert.Equal(90, t.MedianResolveMinutes);
        Assert.Equal(33.3, t.SlaCompliancePct);          // only G2 in time

        var garbage = report.Categories.Single(c => c.CategoryCode == "garbage-overflow").Figures;
        Assert.Equal((6, 2, 4, 2, 200.0), (garbage.Total, garbage.PreviousTotal, garbage.CitizenCount, garbage.PreviousCitizenCount, garbage.ChangePct!.Value));
        Assert.Equal((2, 2, 120.0, 50.0), (garbage.OrdersOpened, garbage.OrdersResolved, garbage.MedianResolveMinutes!.Value, garbage.SlaCompliancePct!.Value));
        var parking = report.Categories.Single(c => c.CategoryCode == "illegal-parking").Figures;
        Assert.Equal((6, 4, 2, 4, 50.0), (parking.Total, parking.PreviousTotal, parking.CitizenCount, parking.PreviousCitizenCount, parking.ChangePct!.Value));
        Assert.Equal((1, 40.0, 0.0), (parking.OrdersResolved, parking.MedianResolveMinutes!.Value, parking.SlaCompliancePct!.Value));
        var quiet = report.Categories.Single(c => c.CategoryCode == "waterlogging").Figures;
        Assert.Equal((0, 0, (double?)null, (double?)null), (quiet.Total, quiet.OrdersResolved, quiet.MedianResolveMinutes, quiet.ChangePct));

        Assert.Equal(6, report.Streets.Single(s => s.StreetId == StreetA.Id).Figures.Total);
        Assert.Equal(7, report.Streets.Single(s => s.StreetId == StreetB.Id).Figures.Total);
        Assert.Equal(13, report.Streets.Sum(s => s.Figures.Total));
        Assert.True(report.Simulated is false);
    }

    [Fact]
    public void Recurring_spots_count_new_orders_after_a_fix_and_reopens()
    {
        var report = Compute(previous: null);
        Assert.Equal(2, report.RecurringSpots.Count);
        var garbage = report.RecurringSpots[0];
        Assert.Equal(("garbage-overflow", StreetA.Id, 2), (garbage.CategoryCode, garbage.StreetId, garbage.Recurrences));
        Assert.Equal(3, garbage.WorkOrderIds.Count);     // G1 names the spot, G2 and G3 are its returns
        var parking = report.RecurringSpots[1];
        Assert.Equal(("illegal-parking", StreetB.Id, 1), (parking.CategoryCode, parking.StreetId, parking.Recurrences));
    }

    [Fact]
    public void Focus_is_the_most_complained_recurring_problem_and_last_months_focus_is_followed_up()
    {
        var october = Compute(previous: null) with
        {
            Month = "2026-10",
            Focus = new FocusProposal
            {
                CategoryCode = "illegal-parking", CategoryNameZh = "", CategoryNameEn = "", StreetId = StreetB.Id, StreetNameZh = "", StreetNameEn = "",
                CitizenCount = 4, PreviousCitizenCount = 0, Recurrences = 0, Trend = 2, Score = 8, ReasonZh = "", ReasonEn = "",
            },
        };
        var report = Compute(october);
        var focus = report.Focus!;
        // garbage on A: 4 complaints × (1 + 0.5 × 2 returns) × trend (4+1)/(2+1); parking on B: 2 × 1.5 × (3/5) = 1.8.
        Assert.Equal(("garbage-overflow", StreetA.Id, 4, 2, 2), (focus.CategoryCode, focus.StreetId, focus.CitizenCount, focus.PreviousCitizenCount, focus.Recurrences));
        Assert.Equal(1.667, focus.Trend);
        Assert.Equal(13.333, focus.Score);
        Assert.Contains("4", focus.ReasonEn);
        Assert.Contains(StreetA.NameZh, focus.ReasonZh);

        var followUp = report.PreviousFocus!;
        Assert.Equal(("2026-10", "illegal-parking", 4, 2, true, -50.0), (followUp.Month, followUp.CategoryCode, followUp.CitizenCountThen, followUp.CitizenCountNow, followUp.Fell, followUp.ChangePct!.Value));
    }

    [Fact]
    public void Csv_has_a_row_per_cell_category_street_and_the_district()
    {
        var report = Compute(previous: null);
        var lines = MonthlyFocusCalculator.ToCsv(report).TrimEnd('\n').Split('\n');
        Assert.Equal("month,category_code,street_id,total,previous_total,change_pct,patrol_vehicle,fixed_camera,sensor,citizen,steward,citizen_count,previous_citizen_count,orders_opened,orders_resolved,median_resolve_minutes,sla_compliance_pct,recurrences", lines[0]);
        Assert.Contains($"2026-11,garbage-overflow,{StreetA.Id},6,2,200,2,0,0,4,0,4,2,2,2,120,50,2", lines);
        Assert.Equal("2026-11,*,*,13,6,116.7,6,1,0,6,0,6,6,4,3,90,33.3,3", lines[^1]);
        Assert.Equal(1 + report.Cells.Count + 14 + Streets.Streets.Count + 1, lines.Length);
    }

    private MonthlyFocusReport Compute(MonthlyFocusReport? previous)
    {
        var incidents = new List<Incident>();
        void See(string category, GeoPoint at, EventSource source, DateTimeOffset when) => incidents.Add(new Incident
        {
            Id = $"i-{_next++}", DistrictId = "lize", CategoryCode = category, Source = source, Location = at, ObservedAt = when,
        });
        foreach (var d in new[] { Local(11, 3, 9), Local(11, 10, 9), Local(11, 20, 9), Local(11, 30, 23, 59) }) See("garbage-overflow", A, EventSource.Citizen, d);
        See("garbage-overflow", A, EventSource.PatrolVehicle, Local(11, 3, 8));
        See("garbage-overflow", A, EventSource.PatrolVehicle, Local(11, 20, 8));
        See("garbage-overflow", A, EventSource.Citizen, Local(10, 12, 9));
        See("garbage-overflow", A, EventSource.Citizen, Local(10, 31, 23, 30));
        See("garbage-overflow", A, EventSource.Citizen, Local(12, 1, 0));
        See("illegal-parking", B, EventSource.Citizen, Local(11, 8, 9));
        See("illegal-parking", B, EventSource.Citizen, Local(11, 9, 9));
        for (var i = 0; i < 4; i++) See("illegal-parking", B, EventSource.PatrolVehicle, Local(11, 8 + i, 10));
        for (var i = 0; i < 4; i++) See("illegal-parking", B, EventSource.Citizen, Local(10, 8 + i, 10));
        See("road-damage", B, EventSource.FixedCamera, Local(11, 15, 9));

        var near = Streets.Projection.Offset(A, 90, 3);
        var orders = new List<WorkOrder>
        {
            Order("garbage-overflow", A, Local(10, 5, 9), 60),
            Order("garbage-overflow", near, Local(11, 3, 10), 90),
            Order("garbage-overflow", A, Local(11, 20, 10), 150),
            Order("illegal-parking", B, Local(11, 8, 9), 20, reopenAfter: TimeSpan.FromDays(1), secondFixMinutes: 40),
            Order("road-damage", B, Local(11, 15, 9), null),
        };
        return new MonthlyFocusCalculator(Catalog, Streets).Compute("lize", 2026, 11, Beijing, incidents, orders, previous, Local(12, 1, 8));
    }

    private WorkOrder Order(string category, GeoPoint at, DateTimeOffset opened, int? fixMinutes, TimeSpan? reopenAfter = null, int secondFixMinutes = 0)
    {
        var incident = new Incident { Id = $"o-{_next++}", DistrictId = "lize", CategoryCode = category, Source = EventSource.Citizen, Location = at, ObservedAt = opened };
        var order = WorkOrder.Open(incident, Catalog.Get(category), opened);
        if (fixMinutes is null) return order;
        Fix(order, opened, opened.AddMinutes(fixMinutes.Value));
        if (reopenAfter is { } after)
        {
            var back = opened.Add(after);
            order.Reopen(Actor.System, back, "back");
            Fix(order, back, back.AddMinutes(secondFixMinutes));
        }
        return order;
    }

    private static void Fix(WorkOrder order, DateTimeOffset from, DateTimeOffset fixedAt)
    {
        var steward = new Steward { Id = "s-1", DistrictId = "lize", Name = "s", Location = order.Location };
        order.Dispatch(steward, from.AddSeconds(1), Actor.System);
        order.Accept("s-1", from.AddSeconds(2));
        order.Start("s-1", from.AddSeconds(3));
        order.Resolve(Actor.Steward("s-1"), fixedAt, "fixed", ["evidence/after.jpg"]);
    }
}
