using System.Text.Json;
using Microsoft.Playwright;

namespace Yunbao.Console.Tests;

/// <summary>The citizen report page in a real browser against the local runner: report, tracking number, "my reports".</summary>
[Collection(ConsoleFixture.CollectionName)]
[Trait("Category", "Slow")]
public sealed class CitizenPageTests(ConsoleFixture fx)
{
    [Fact]
    public async Task A_citizen_reports_gets_a_tracking_number_and_my_reports_shows_its_status_from_the_API_with_nothing_leaving_127_0_0_1()
    {
        // A category without required questions (the page does not ask them yet).
        var services = await GetJsonAsync("/api/open311/v2/services.json");
        var code = services.EnumerateArray().First(s => !s.GetProperty("metadata").GetBoolean()).GetProperty("service_code").GetString()!;

        await using var w = await fx.OpenAsync("/citizen/");
        await w.Page.WaitForSelectorAsync($"#services button[data-code='{code}']");
        Assert.Contains("模拟", await w.Page.InnerTextAsync("#local-label"));
        await w.Page.ClickAsync($"#services button[data-code='{code}']");
        await w.Page.ClickAsync("#map");
        await w.Page.FillAsync("#desc", "browser test report");
        await w.Page.ClickAsync("#submit");
        await w.Page.WaitForSelectorAsync("#result[data-id]");
        var id = await w.Page.GetAttributeAsync("#result", "data-id");
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Contains(id!, await w.Page.InnerTextAsync("#result"));

        var api = (await GetJsonAsync($"/api/open311/v2/requests/{id}.json"))[0].GetProperty("status").GetString();
        await w.Page.ClickAsync("#tab-mine");
        await w.Page.WaitForSelectorAsync($"#mine-list li[data-id='{id}'][data-status]");
        Assert.Equal(api, await w.Page.GetAttributeAsync($"#mine-list li[data-id='{id}']", "data-status"));
        Assert.Empty(w.Foreign);
        w.AssertClean();
    }

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_accessibility_violation_on_the_citizen_page()
    {
        await using var w = await fx.OpenAsync("/citizen/");
        await w.Page.WaitForSelectorAsync("#services button");
        await w.Page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(fx.Run.StandIns.RepoRoot, "dashboard", "node_modules", "axe-core", "axe.min.js") });
        var violations = await w.Page.EvaluateAsync<JsonElement>(@"async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))");
        Assert.Empty(violations.EnumerateArray().Select(v => v.GetString()));
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var doc = JsonDocument.Parse(await fx.Http.GetStringAsync(new Uri(path, UriKind.Relative)));
        return doc.RootElement.Clone();
    }
}
