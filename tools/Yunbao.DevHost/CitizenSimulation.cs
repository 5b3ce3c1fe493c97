using System.Globalization;
using Microsoft.Extensions.Logging;
using Yunbao.Edge.Simulator;
using Yunbao.Functions.Http.Open311;

namespace Yunbao.DevHost;

/// <summary>
/// Simulated citizens: a plausible stream of reports about the simulated world's active problems, sent through the real
/// Open311 POST (form-encoded, over HTTP to this runner's API) with two simulated client systems' keys issued at start.
/// Some report what the patrol car also passes (they merge with its orders), some places off its loop (only citizens
/// see those), and some come by the hotline with its ticket id, a few posted twice as its retries are. Every request is
/// labelled simulated (its clients are marked Simulated).
/// </summary>
public sealed class CitizenSimulation(HttpClient http, FleetSimulator fleet, TimeProvider clock, CitizenSimulation.Keys keys, int seed, ILogger<CitizenSimulation> logger)
{
    public const string PageClient = "simulated-citizen-page";
    public const string HotlineClient = "simulated-hotline-12345";
    /// <summary>A problem within this distance of the patrol loop is one the car's cameras also see.</summary>
    public const double OnRouteMeters = 25;
    /// <summary>Chance per simulated minute that someone reports something: about six reports an hour.</summary>
    public const double ReportChancePerMinute = 0.1;

    private readonly Random _random = new(seed + 311);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private int _ticket;

    public sealed record Keys(string PageKey, string HotlineKey);

    public int Posted { get; private set; }
    public int Retries { get; private set; }
    public int Refused { get; private set; }

    /// <summary>Keys for the two simulated clients and the settings that register their hashes (the keys stay in memory).</summary>
    public static (Keys Keys, Dictionary<string, string?> Settings) IssueKeys()
    {
        var page = Open311ApiKeys.Issue();
        var hotline = Open311ApiKeys.Issue();
        return (new Keys(page.Key, hotline.Key), new Dictionary<string, string?>
        {
            [$"Open311:Clients:{PageClient}:KeySha256"] = page.Sha256,
            [$"Open311:Clients:{PageClient}:Simulated"] = "true",
            [$"Open311:Clients:{HotlineClient}:KeySha256"] = hotline.Sha256,
            [$"Open311:Clients:{HotlineClient}:Simulated"] = "true",
            [$"Open311:Clients:{HotlineClient}:TicketIdFromAccountId"] = "true",
        });
    }

    /// <summary>One simulated minute: maybe (<paramref name="always"/>: surely) one citizen reports one active problem not reported yet.</summary>
    public async Task StepAsync(CancellationToken ct, bool always = false)
    {
        if (!always && _random.NextDouble() >= ReportChancePerMinute) return;
        var candidates = fleet.World.Active.Where(v => !_reported.Contains(v.Id)).ToList();
        if (candidates.Count == 0) return;
        // Half the reports are about what the car drives past, half about what it never sees.
        var wantOnRoute = _random.NextDouble() < 0.5;
        var pool = candidates.Where(v => fleet.Patrol.Loop.Locate(v.Position).OffsetMeters <= OnRouteMeters == wantOnRoute).ToList();
        var violation = (pool.Count > 0 ? pool : candidates)[_random.Next(pool.Count > 0 ? pool.Count : candidates.Count)];
        _reported.Add(violation.Id);

        var hotline = _random.NextDouble() < 0.3;
        // A person stands near the problem, not on it: a few metres of jitter, as a phone's pin would be.
        var lat = violation.Position.Lat + (_random.NextDouble() - 0.5) * 0.00006;
        var lon = violation.Position.Lon + (_random.NextDouble() - 0.5) * 0.00006;
        var form = new Dictionary<string, string>
        {
            ["api_key"] = hotline ? keys.HotlineKey : keys.PageKey,
            ["service_code"] = violation.CategoryCode,
            ["lat"] = lat.ToString("R", CultureInfo.InvariantCulture),
            ["long"] = lon.ToString("R", CultureInfo.InvariantCulture),
            ["description"] = $"模拟市民 simulated citizen: {violation.StreetName} ({violation.Scenario})",
        };
        foreach (var (code, value) in RequiredAnswers(violation.CategoryCode)) form[$"attribute[{code}]"] = value;
        if (hotline) form["account_id"] = string.Create(CultureInfo.InvariantCulture, $"SIM-12345-{clock.GetUtcNow():yyyyMMdd}-{++_ticket:D4}");

        await PostAsync(form, ct);
        // The hotline's system retries when it did not see the answer in time: the same ticket again.
        if (hotline && _random.NextDouble() < 0.3)
        {
            Retries++;
            await PostAsync(form, ct);
        }
    }

    private static IEnumerable<(string Code, string Value)> RequiredAnswers(string category) =>
        Yunbao.Domain.Citizens.CitizenServices.AttributesOf(category).Where(a => a.Required).Select(a => (a.Code, a.Values.Count > 0 ? a.Values[0].Key : "1"));

    private async Task PostAsync(Dictionary<string, string> form, CancellationToken ct)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync("open311/v2/requests.json", content, ct);
        if (response.IsSuccessStatusCode) Posted++;
        else
        {
            Refused++;
            logger.LogWarning("Simulated citizen report for {Category} answered {Status}: {Body}", form["service_code"], (int)response.StatusCode,
                await response.Content.ReadAsStringAsync(ct));
        }
    }
}
