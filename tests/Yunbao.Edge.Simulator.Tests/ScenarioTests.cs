using Yunbao.Domain.Catalog;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Tests;

public sealed class ScenarioTests
{
    private static int ParkedOnLuotuowan(WorldModel world) =>
        world.Active.Count(v => v.CategoryCode == "illegal-parking" && v.StreetName == "骆驼湾街");

    [Theory]
    [InlineData(7)]
    [InlineData(123)]
    public void Rush_hour_parking_appears_on_Luotuowan_St_around_17_00_and_not_at_03_00(int seed)
    {
        var world = TestWorld.NewWorld(seed);
        world.AdvanceTo(TestWorld.Wednesday(3));
        Assert.Equal(0, ParkedOnLuotuowan(world));

        var most = 0;
        for (var h = 16.5; h <= 19.5; h += 1 / 12.0)
        {
            world.AdvanceTo(TestWorld.Wednesday(h));
            most = Math.Max(most, ParkedOnLuotuowan(world));
        }
        Assert.True(most >= 2, $"at most {most} cars parked on 骆驼湾街 during the evening rush");

        world.AdvanceTo(TestWorld.Wednesday(27)); // 03:00 the next night
        Assert.Equal(0, ParkedOnLuotuowan(world));
    }

    [Fact]
    public void Every_violation_lies_in_a_zone_where_its_category_is_a_violation()
    {
        var world = TestWorld.NewWorld();
        world.AdvanceTo(TestWorld.Wednesday(0));
        world.AdvanceTo(TestWorld.Wednesday(24 * 7)); // a week of plans
        var zones = TestWorld.Lize.Zones;
        Assert.True(world.All.Count > 200, $"{world.All.Count} violations in a week");
        foreach (var v in world.All)
        {
            var zone = zones.ZoneAt(v.Position);
            Assert.Equal(v.Zone, zone);
            Assert.Contains(zone, CategoryCatalog.Default.Get(v.CategoryCode).Zones);
        }
        var rained = Enumerable.Range(0, 7).Any(d => world.WeatherOn(new DateOnly(2026, 11, 25).AddDays(d)).Sky == Sky.Rain);
        var expected = CategoryCatalog.Default.All.Select(c => c.Code).Where(c => rained || c != "waterlogging").Order();
        Assert.Equal(expected, world.All.Select(v => v.CategoryCode).Distinct().Order());
    }

    [Fact]
    public void Laundry_hangs_out_only_on_sunny_days_and_flooding_follows_rain()
    {
        var world = TestWorld.NewWorld();
        world.AdvanceTo(TestWorld.Wednesday(0));
        world.AdvanceTo(TestWorld.Wednesday(24 * 14));
        foreach (var v in world.All.Where(v => v.Scenario == "sunny-morning-laundry"))
            Assert.Equal(Sky.Sunny, world.WeatherAt(v.Start).Sky);
        var floods = world.All.Where(v => v.CategoryCode == "waterlogging").ToList();
        Assert.NotEmpty(floods);
        foreach (var v in floods)
        {
            var weather = world.WeatherAt(v.Start);
            Assert.Equal(Sky.Rain, weather.Sky);
            Assert.True(v.Start > weather.RainStart && v.NaturalEnd > weather.RainEnd);
        }
    }

    [Fact]
    public void Damage_stays_until_a_steward_fixes_it_and_a_fix_removes_only_that_category_nearby()
    {
        var world = TestWorld.NewWorld();
        world.AdvanceTo(TestWorld.Wednesday(10));
        var damage = world.Active.First(v => v.CategoryCode == "road-damage");
        Assert.Null(damage.NaturalEnd);

        world.AdvanceTo(TestWorld.Wednesday(24 * 5));
        Assert.Contains(damage, world.Active);

        Assert.Empty(world.ResolveAt(damage.Position, "manhole-cover"));
        var resolved = world.ResolveAt(damage.Position, "road-damage");
        Assert.Contains(damage, resolved);
        Assert.DoesNotContain(damage, world.Active);
        Assert.Equal(world.Now, damage.ResolvedAt);
    }
}
