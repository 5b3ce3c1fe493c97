using Yunbao.Contracts;
using System.Globalization;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Edge.Simulator.Geometry;

namespace Yunbao.Edge.Simulator.World;

/// <summary>
/// The ground truth: which violations exist where and when. Each local day's plan is a pure function of
/// (seed, date), made when time first reaches that day, so the same seed gives the same world however the
/// clock is stepped. Only a steward's fix (<see cref="ResolveAt"/>) changes it from outside.
/// </summary>
public sealed class WorldModel
{
    private readonly SimulatorOptions _options;
    private readonly CategoryCatalog _catalog;
    private readonly IReadOnlyList<ScenarioRule> _rules;
    private readonly TimeZoneInfo _zone;
    private readonly List<Violation> _all = [];
    private readonly List<Violation> _pending = [];   // not started yet, sorted by start
    private readonly List<Violation> _active = [];
    private readonly List<Violation> _resolved = [];  // for the patrol's revisit list; pruned as it ages
    private readonly Dictionary<DateOnly, DayWeather> _weather = [];
    private DateOnly? _plannedThrough;
    private readonly object _gate = new();

    public WorldModel(SimulatorOptions options, SimulatedDistrict district, CategoryCatalog catalog, IReadOnlyList<ScenarioRule>? rules = null)
    {
        _options = options;
        District = district;
        _catalog = catalog;
        _rules = rules ?? ScenarioRules.Default;
        _zone = DistrictTime.Resolve(options.TimeZone);
        foreach (var rule in _rules.Concat(ScenarioRules.AtStart)) _catalog.Get(rule.Category); // unknown category: fail at start, not mid-run
    }

    public SimulatedDistrict District { get; }
    public TimeZoneInfo Zone => _zone;
    public DateTimeOffset Now { get; private set; }

    /// <summary>Every violation planned so far (active, future, ended or resolved).</summary>
    public IReadOnlyList<Violation> All { get { lock (_gate) return _all.ToList(); } }

    /// <summary>Violations present at the current time.</summary>
    public IReadOnlyList<Violation> Active { get { lock (_gate) return _active.ToList(); } }

    public int ResolvedCount { get { lock (_gate) return _all.Count(v => v.ResolvedAt is not null); } }

    public DayWeather WeatherOn(DateOnly date)
    {
        lock (_gate)
        {
            if (!_weather.TryGetValue(date, out var w)) _weather[date] = w = DayWeather.For(_options.Seed, date, _zone);
            return w;
        }
    }

    public DayWeather WeatherAt(DateTimeOffset t) => WeatherOn(DistrictTime.LocalDate(t, _zone));

    /// <summary>Moves the world to time t: plans the days up to t, starts and ends violations.</summary>
    public void AdvanceTo(DateTimeOffset t)
    {
        lock (_gate)
        {
            var today = DistrictTime.LocalDate(t, _zone);
            if (_plannedThrough is null)
            {
                PlanStart(t);
                PlanDay(today.AddDays(-1)); // last night's garbage and banners are still out
                PlanDay(today);
                _plannedThrough = today;
            }
            while (_plannedThrough < today)
            {
                _plannedThrough = _plannedThrough.Value.AddDays(1);
                PlanDay(_plannedThrough.Value);
            }
            Now = t;
            var started = 0;
            while (started < _pending.Count && _pending[started].Start <= t) started++;
            _active.AddRange(_pending.Take(started).Where(v => v.IsActiveAt(t)));
            _pending.RemoveRange(0, started);
            _active.RemoveAll(v => !v.IsActiveAt(t));
        }
    }

    /// <summary>Active violations within a radius of a local point.</summary>
    internal IReadOnlyList<Violation> ActiveNear(Vec2 p, double radius)
    {
        lock (_gate) return _active.Where(v => (v.Local - p).Length <= radius).ToList();
    }

    /// <summary>Violations resolved within the last hours, near a point: spots a patrol should look at again.</summary>
    internal bool RecentlyResolvedNear(Vec2 p, double radius, TimeSpan within)
    {
        lock (_gate)
        {
            _resolved.RemoveAll(v => Now - v.ResolvedAt!.Value > within);
            return _resolved.Any(v => (v.Local - p).Length <= radius);
        }
    }

    /// <summary>
    /// A steward fixed the problem of this category at this position: active violations of that category
    /// within <see cref="SimulatorOptions.ResolveRadiusMeters"/> disappear. Returns those resolved (none when
    /// the problem had already gone by itself).
    /// </summary>
    public IReadOnlyList<Violation> ResolveAt(GeoPoint position, string categoryCode, DateTimeOffset? at = null)
    {
        lock (_gate)
        {
            var when = at ?? Now;
            var p = District.ToLocal(position);
            var hit = _active.Concat(_pending)
                .Where(v => v.CategoryCode == categoryCode && v.Start <= when && v.IsActiveAt(when) && (v.Local - p).Length <= _options.ResolveRadiusMeters)
                .ToList();
            foreach (var v in hit) v.ResolvedAt = when;
            _resolved.AddRange(hit);
            _active.RemoveAll(v => !v.IsActiveAt(Now));
            return hit;
        }
    }

    private void PlanStart(DateTimeOffset t0)
    {
        var rng = SeededRandom.For(_options.Seed, "at-start", t0.ToUnixTimeSeconds());
        var n = 0;
        foreach (var rule in ScenarioRules.AtStart)
        {
            var count = rng.Between(rule.Count.Min, rule.Count.Max);
            for (var i = 0; i < count; i++)
                Add(MakeViolation(rule, $"v-start-{n++:000}", t0.AddHours(-rng.Range(6, 96)), null, rng));
        }
    }

    private void PlanDay(DateOnly date)
    {
        var weather = WeatherOn(date);
        var dow = date.DayOfWeek;
        var n = 0;
        foreach (var rule in _rules)
        {
            // one stream per (day, rule): editing one rule does not reshuffle the others
            var rng = SeededRandom.For(_options.Seed, $"plan/{rule.Name}", date.DayNumber);
            if (!ScenarioRules.Applies(rule.Days, dow) || (rule.OnlyWhen is { } sky && weather.Sky != sky) || !rng.Chance(rule.DailyChance))
                continue;
            var count = rng.Between(rule.Count.Min, rule.Count.Max);
            for (var i = 0; i < count; i++)
            {
                DateTimeOffset start;
                DateTimeOffset? end;
                if (rule.AfterRain && weather.RainStart is { } rs && weather.RainEnd is { } re)
                {
                    start = rs.AddMinutes(rng.Range(20, 60));
                    end = re.AddMinutes(rng.Range(60, 180));
                }
                else
                {
                    start = DistrictTime.At(date, rng.Range(rule.StartHours.From, rule.StartHours.To), _zone);
                    end = rule.DurationMinutes is { } d ? start.AddMinutes(rng.Range(d.Min, d.Max)) : null;
                }
                var id = string.Create(CultureInfo.InvariantCulture, $"v-{date:yyyyMMdd}-{rule.Name}-{n++:00}");
                Add(MakeViolation(rule, id, start, end, rng));
            }
        }
    }

    private Violation MakeViolation(ScenarioRule rule, string id, DateTimeOffset start, DateTimeOffset? end, SeededRandom rng)
    {
        var spot = rule.Street is not null ? District.Along(District.StreetNamed(rule.Street), rule.Zone, rng)
            : rule.Anywhere ? District.Anywhere(rule.Zone, rng)
            : District.Near(rng.Pick(District.PlacesOf(rule.Near ?? PlaceKind.Plaza)).Point, rule.SpreadMeters, rule.Zone, rng);
        var category = _catalog.Get(rule.Category);
        return new Violation
        {
            Id = id,
            CategoryCode = category.Code,
            Label = category.EvidenceLabels.Count > 0 ? category.EvidenceLabels[0] : category.Code,
            Position = spot.Position,
            Local = District.ToLocal(spot.Position),
            Zone = spot.Zone,
            StreetName = spot.StreetName,
            Start = start,
            NaturalEnd = end,
            Congestion = rule.CongestionChance > 0 && rng.Chance(rule.CongestionChance),
            Scenario = rule.Name,
        };
    }

    private void Add(Violation v)
    {
        _all.Add(v);
        var i = _pending.FindLastIndex(p => p.Start <= v.Start);
        _pending.Insert(i + 1, v);
    }
}
