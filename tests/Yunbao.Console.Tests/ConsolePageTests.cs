using System.Text.Json;
using Microsoft.Playwright;
using SkiaSharp;
using Yunbao.Contracts.Geo;

namespace Yunbao.Console.Tests;

/// <summary>The dispatcher console and the steward page in a real browser (Debian's chromium) against the local runner.</summary>
[Collection(ConsoleFixture.CollectionName)]
[Trait("Category", "Slow")]
public sealed class ConsolePageTests(ConsoleFixture fx)
{
    private static readonly string[] OpenStatuses = ["detected", "dispatched", "accepted", "in_progress", "escalated"];

    [Fact]
    public async Task Console_loads_with_no_failed_request_no_console_error_and_nothing_leaving_127_0_0_1()
    {
        await using var w = await fx.OpenAsync("/console/");
        await w.Page.WaitForSelectorAsync("#orders tbody tr");
        await w.Page.WaitForSelectorAsync(".leaflet-tile-loaded");
        await w.Page.WaitForSelectorAsync("#chart-today");
        // The simulation is labelled, as /api/health reports it.
        Assert.Contains("模拟", await w.Page.InnerTextAsync("#banner"));
        Assert.Contains("(local)", await w.Page.InnerTextAsync("#role-switch"));
        // A page that tried to reach a CDN or a tile server would have been recorded here.
        await w.Page.EvaluateAsync("() => fetch('https://unpkg.com/leaflet').catch(() => null)");
        Assert.Single(w.Foreign);
        w.Foreign.Clear();
        w.Failures.RemoveAll(f => f.Contains("unpkg.com", StringComparison.Ordinal));
        w.ConsoleErrors.RemoveAll(f => f.Contains("unpkg.com", StringComparison.Ordinal) || f.Contains("ERR_FAILED", StringComparison.Ordinal));
        await w.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.ArtifactsDirectory, "console.png") });

        // The English switch: same page, English labels (category names from the catalog).
        await w.Page.ClickAsync("#lang");
        await w.Page.WaitForSelectorAsync("body[data-ready='true'] #orders tbody tr");
        Assert.Contains("Operations console", await w.Page.InnerTextAsync("#title"));
        Assert.Contains("SIMULATED", await w.Page.InnerTextAsync("#banner"));
        await w.Page.WaitForSelectorAsync("#chart-today");
        await w.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.ArtifactsDirectory, "console-en.png") });
        w.AssertClean();
    }

    [Fact]
    public async Task Order_list_equals_the_API_for_the_same_filter_and_follows_a_server_change_within_one_poll()
    {
        await using var w = await fx.OpenAsync("/console/?poll=1000");
        await w.Page.SelectOptionAsync("#filter-status", "open");
        var api = (await fx.OrdersAsync("&status=" + string.Join(',', OpenStatuses))).Select(o => o.GetProperty("id").GetString()!).Order().ToList();
        Assert.NotEmpty(api);
        await w.Page.WaitForFunctionAsync("n => document.querySelectorAll('#orders tbody tr').length === n", api.Count);
        var shown = (await w.Page.EvalOnSelectorAllAsync<string[]>("#orders tbody tr", "rows => rows.map(r => r.dataset.id)")).Order().ToList();
        Assert.Equal(api, shown);

        // A change on the server (a dispatcher elsewhere rejects an order) shows within one poll: the order leaves the open list.
        var gone = api[0];
        var (status, _) = await fx.TransitionAsync(gone, new { action = "reject", note = "false alarm (browser test)" });
        Assert.Equal(200, status);
        await w.Page.WaitForSelectorAsync($"#orders tbody tr[data-id='{gone}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 3000 });
        w.AssertClean();
    }

    [Fact]
    public async Task Opening_an_order_shows_its_timeline_and_an_evidence_image_that_decodes()
    {
        var order = (await fx.OrdersAsync()).First(o => o.GetProperty("source").GetString() is "PatrolVehicle" or "FixedCamera");
        var id = order.GetProperty("id").GetString()!;
        await using var w = await fx.OpenAsync("/console/");
        await w.Page.ClickAsync($"#orders tbody tr[data-id='{id}']");
        await w.Page.WaitForSelectorAsync("#timeline li[data-type='detected']");
        Assert.Equal(order.GetProperty("events").GetArrayLength(), await w.Page.Locator("#timeline li").CountAsync());
        var img = w.Page.Locator("#evidence img[data-kind='frame']").First;
        await img.WaitForAsync();
        await w.Page.WaitForFunctionAsync("() => { const i = document.querySelector(\"#evidence img[data-kind='frame']\"); return i && i.complete && i.naturalWidth > 0; }");
        Assert.True(await img.EvaluateAsync<int>("i => i.naturalWidth") > 100);
        await w.Page.WaitForSelectorAsync("#evidence .evidence-box");   // the detection's box drawn on the frame
        w.AssertClean();
    }

    [Fact]
    public async Task A_dispatcher_reassigns_and_two_dispatchers_at_once_end_with_one_success_and_one_clear_conflict()
    {
        var stewards = (await fx.GetJsonAsync("/api/stewards")).GetProperty("items").EnumerateArray()
            .Where(s => s.GetProperty("canTakeOrders").GetBoolean()).Select(s => s.GetProperty("id").GetString()!).ToList();
        Assert.True(stewards.Count >= 2, "two stewards with room are needed");
        var order = (await fx.OrdersAsync("&status=detected,dispatched,escalated")).FirstOrDefault(o => o.GetProperty("status").GetString() != "escalated" || !o.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("type").GetString() == "accepted"));
        if (order.ValueKind == JsonValueKind.Undefined) order = await fx.GetOrderAsync(await ReopenedOrderAsync());
        var id = order.GetProperty("id").GetString()!;
        var current = order.TryGetProperty("assignedStewardId", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var targets = stewards.Where(s => s != current).Take(2).ToList();

        // Long polls: neither page refreshes the order by itself before its dispatcher acts.
        await using var one = await fx.OpenAsync("/console/?poll=600000");
        await using var two = await fx.OpenAsync("/console/?poll=600000");
        foreach (var (w, target) in new[] { (one, targets[0]), (two, targets[1]) })
        {
            await w.Page.ClickAsync($"#orders tbody tr[data-id='{id}']");
            await w.Page.WaitForSelectorAsync("#action-form");
            await w.Page.SelectOptionAsync("#action", "dispatch");
            await w.Page.SelectOptionAsync("#action-steward", target);
        }
        await one.Page.ClickAsync("#action-form button[type=submit]");
        await one.Page.WaitForSelectorAsync("#detail-message .message.ok");
        Assert.Equal(targets[0], (await fx.GetOrderAsync(id)).GetProperty("assignedStewardId").GetString());   // the API shows the new steward
        Assert.Equal(targets[0], await one.Page.InnerTextAsync("#detail [data-field='steward']"));

        await two.Page.ClickAsync("#action-form button[type=submit]");
        var conflict = await two.Page.WaitForSelectorAsync("[data-conflict='true']");
        var text = await conflict!.InnerTextAsync();
        Assert.Contains(targets[0], text);                       // it says what changed: who has it now
        Assert.Equal(targets[0], (await fx.GetOrderAsync(id)).GetProperty("assignedStewardId").GetString());   // nothing overwritten
        // Retry on the fresh version: the form is back with the current state.
        await two.Page.ClickAsync("#retry");
        await two.Page.WaitForFunctionAsync("s => document.querySelector(\"#detail [data-field='steward']\")?.textContent === s", targets[0]);
        one.AssertClean();
        // The losing page's only failure is its transition's 412 (the browser logs that response as an error too).
        Assert.Empty(two.Foreign);
        Assert.Equal($"POST {fx.Origin}/api/workorders/{id}/transitions: HTTP 412", Assert.Single(two.Failures));
        Assert.All(two.ConsoleErrors, e => Assert.Contains("412", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_steward_with_an_emulated_position_accepts_starts_and_resolves_with_a_photo_that_lands_in_the_history()
    {
        var (id, steward) = await OrderDispatchedToAStewardAsync();
        var where = new GeoPoint(116.3101, 39.8652);
        await using var w = await fx.OpenAsync("/steward/?poll=1000", new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
            Geolocation = new Geolocation { Longitude = (float)where.Lon, Latitude = (float)where.Lat }, Permissions = ["geolocation"],
        }, localRole: JsonSerializer.Serialize(new { role = "steward", stewardId = steward }));
        var card = $"article[data-id='{id}']";
        await w.Page.WaitForSelectorAsync(card);
        await w.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.ArtifactsDirectory, "steward.png"), FullPage = true });

        await w.Page.ClickAsync($"{card} form[data-action='accept'] button");
        await w.Page.WaitForSelectorAsync($"{card} form[data-action='start']");
        await w.Page.ClickAsync($"{card} form[data-action='start'] button");
        await w.Page.WaitForSelectorAsync($"{card} form[data-action='resolve']");
        var photo = Path.Combine(ConsoleFixture.ArtifactsDirectory, "fixed.jpg");
        await File.WriteAllBytesAsync(photo, Jpeg(320, 240));
        await w.Page.SetInputFilesAsync($"{card} input[type=file]", photo);
        await w.Page.FillAsync($"{card} input[name=note]", "已清理 cleaned up");
        await w.Page.ClickAsync($"{card} form[data-action='resolve'] button");
        await w.Page.WaitForSelectorAsync(card, new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });   // resolved: no longer open

        var order = await fx.GetOrderAsync(id);
        Assert.Equal("resolved", order.GetProperty("status").GetString());
        var resolved = order.GetProperty("events").EnumerateArray().Last();
        Assert.Equal(steward, resolved.GetProperty("by").GetString());
        var reference = Assert.Single(resolved.GetProperty("evidence").EnumerateArray()).GetString()!;
        Assert.StartsWith($"evidence/{id}/photo-", reference);
        Assert.Equal(where.Lon, resolved.GetProperty("where").GetProperty("lon").GetDouble(), 4);
        var evidence = await fx.GetJsonAsync($"/api/workorders/{id}/evidence");
        Assert.Contains(evidence.GetProperty("items").EnumerateArray(), e => e.GetProperty("kind").GetString() == "photo");
        // The heartbeat reported the emulated position.
        var me = (await fx.GetJsonAsync("/api/stewards")).GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetString() == steward);
        Assert.Equal(where.Lat, me.GetProperty("location").GetProperty("lat").GetDouble(), 4);
        w.AssertClean();
    }

    [Fact]
    public async Task Offline_the_steward_page_keeps_actions_and_sends_them_when_back_online_and_a_stale_one_ends_in_a_clear_conflict()
    {
        var (id, steward) = await OrderDispatchedToAStewardAsync();
        // The order may be a reopened one whose history already holds an earlier pass's "started".
        static int Starts(JsonElement o) => o.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "started");
        var startsBefore = Starts(await fx.GetOrderAsync(id));
        await using var w = await fx.OpenAsync("/steward/?poll=1000", new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true,
        }, localRole: JsonSerializer.Serialize(new { role = "steward", stewardId = steward }));
        var card = $"article[data-id='{id}']";
        await w.Page.WaitForSelectorAsync($"{card} form[data-action='accept']");

        // Offline: the accept is kept (the page says so), nothing reaches the server.
        await w.Context.SetOfflineAsync(true);
        await w.Page.ClickAsync($"{card} form[data-action='accept'] button");
        await w.Page.WaitForSelectorAsync("#network[data-online='false'][data-queued='1']");
        Assert.Contains("离线", await w.Page.InnerTextAsync("#network"));
        Assert.Equal("dispatched", (await fx.GetOrderAsync(id)).GetProperty("status").GetString());

        // Back online: it is sent with the ETag it was taken on, and the order moves on.
        await w.Context.SetOfflineAsync(false);
        await w.Page.WaitForSelectorAsync($"#outcomes .message.ok[data-order='{id}'][data-action='accept']");
        await w.Page.WaitForSelectorAsync($"{card} form[data-action='start']");
        Assert.Equal("accepted", (await fx.GetOrderAsync(id)).GetProperty("status").GetString());
        await w.Page.WaitForSelectorAsync("#network", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden });

        // Offline again, the steward starts; meanwhile a dispatcher escalates the order. Back online the queued start
        // loses on the server's ETag check: a clear conflict on the page, and the dispatcher's change stands.
        await w.Context.SetOfflineAsync(true);
        await w.Page.ClickAsync($"{card} form[data-action='start'] button");
        await w.Page.WaitForSelectorAsync("#network[data-queued='1']");
        var (escalated, body) = await fx.TransitionAsync(id, new { action = "escalate", note = "escalated while the phone was offline (browser test)" });
        Assert.True(escalated == 200, body.ToString());
        await w.Context.SetOfflineAsync(false);
        var conflict = await w.Page.WaitForSelectorAsync($"#outcomes .message.error[data-conflict='true'][data-order='{id}']");
        Assert.Contains("冲突", await conflict!.InnerTextAsync());
        // The card shows the fresh version again, ready to retry: no longer queued.
        try { await w.Page.WaitForSelectorAsync($"{card} form[data-action='start']:not([data-queued])", new PageWaitForSelectorOptions { Timeout = 10_000 }); }
        catch (TimeoutException) { Assert.Fail("no fresh start form: " + await w.Page.InnerHTMLAsync("#orders") + " / " + (await fx.GetOrderAsync(id)).ToString()[..600]); }
        var order = await fx.GetOrderAsync(id);
        Assert.Equal("escalated", order.GetProperty("status").GetString());
        Assert.Equal(startsBefore, Starts(order));   // the queued start never landed
        // The only failure the page saw is that 412 (the browser logs it as an error too); offline, nothing was attempted.
        Assert.Empty(w.Foreign);
        Assert.Equal($"POST {fx.Origin}/api/workorders/{id}/transitions: HTTP 412", Assert.Single(w.Failures, f => !f.Contains("ERR_INTERNET_DISCONNECTED", StringComparison.Ordinal)));
        Assert.All(w.ConsoleErrors, e => Assert.True(e.Contains("412", StringComparison.Ordinal) || e.Contains("ERR_INTERNET_DISCONNECTED", StringComparison.Ordinal), e));
    }

    [Fact]
    public async Task Heat_is_drawn_where_the_incidents_are_and_not_in_an_empty_part_of_the_district()
    {
        var incidents = (await fx.Run.AllIncidentsAsync(default)).Select(i => i.Location).ToList();
        Assert.NotEmpty(incidents);
        // The point of the district farthest from every incident.
        var empty = Enumerable.Range(0, 31).SelectMany(i => Enumerable.Range(0, 21).Select(j => new GeoPoint(116.295 + (i * 0.001), 39.855 + (j * 0.001))))
            .MaxBy(p => incidents.Min(q => q.DistanceTo(p)));
        Assert.True(incidents.Min(q => q.DistanceTo(empty)) > 200, "the district has no empty part to compare with");
        var hot = incidents.GroupBy(p => (Math.Round(p.Lon, 3), Math.Round(p.Lat, 3))).MaxBy(g => g.Count())!.First();

        await using var w = await fx.OpenAsync("/console/");
        await w.Page.WaitForSelectorAsync(".leaflet-tile-loaded");
        // In the page: the heat tile under each point, decoded by the browser, and the strongest alpha within a few pixels.
        var alphas = await w.Page.EvaluateAsync<int[]>(@"async ([points, z]) => {
            const out = [];
            for (const [lon, lat] of points) {
              const n = 2 ** z, x = (lon + 180) / 360 * n, r = lat * Math.PI / 180, y = (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n;
              const tx = Math.floor(x), ty = Math.floor(y);
              const img = new Image(); img.src = `/api/heatmaps/all/24h/${z}/${tx}/${ty}.png`; await img.decode();
              const c = document.createElement('canvas'); c.width = 256; c.height = 256; const g = c.getContext('2d'); g.drawImage(img, 0, 0);
              const px = Math.floor((x - tx) * 256), py = Math.floor((y - ty) * 256);
              const d = g.getImageData(Math.max(0, px - 3), Math.max(0, py - 3), 7, 7).data;
              let max = 0; for (let i = 3; i < d.length; i += 4) max = Math.max(max, d[i]);
              out.push(max);
            }
            return out; }", new object[] { new[] { new[] { hot.Lon, hot.Lat }, new[] { empty.Lon, empty.Lat } }, 15 });
        Assert.True(alphas[0] > 0, $"no heat at the incidents ({hot})");
        Assert.Equal(0, alphas[1]);
        w.AssertClean();
    }

    [Fact]
    public async Task The_monthly_focus_report_page_shows_the_reports_figures_and_prints_without_its_controls()
    {
        var report = await fx.GetJsonAsync("/api/reports/monthly/2026-11");
        await using var w = await fx.OpenAsync("/console/monthly.html?month=2026-11");
        await w.Page.WaitForSelectorAsync("#categories tbody tr");
        Assert.Contains("2026-11", await w.Page.InnerTextAsync("#title"));
        // The figures are the route's: one row per category, the total in the totals row, the focus named, the simulation labelled.
        var categories = report.GetProperty("categories").EnumerateArray().ToList();
        Assert.Equal(categories.Select(c => c.GetProperty("categoryCode").GetString()!).Order(),
            (await w.Page.EvalOnSelectorAllAsync<string[]>("#categories tbody tr", "rows => rows.map(r => r.dataset.key)")).Order());
        Assert.Equal(report.GetProperty("totals").GetProperty("total").GetInt32(),
            int.Parse((await w.Page.InnerTextAsync("#totals tbody tr td:first-child")).Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
        var busiest = categories.MaxBy(c => c.GetProperty("figures").GetProperty("total").GetInt32());
        Assert.Equal(busiest.GetProperty("figures").GetProperty("citizenCount").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            await w.Page.InnerTextAsync($"#categories tbody tr[data-key='{busiest.GetProperty("categoryCode").GetString()}'] td:nth-child(4)"));
        if (report.TryGetProperty("focus", out var focus) && focus.ValueKind == JsonValueKind.Object)
            Assert.Equal(focus.GetProperty("categoryCode").GetString(), await w.Page.GetAttributeAsync("#focus", "data-category"));
        Assert.Equal(report.GetProperty("simulated").GetBoolean(), await w.Page.IsVisibleAsync("#simulated"));
        Assert.Equal(report.GetProperty("recurringSpots").GetArrayLength(), await w.Page.Locator("#spots tbody tr").CountAsync());
        // Two charts drawn (non-blank canvases).
        foreach (var chart in new[] { "#chart-categories", "#chart-streets" })
            Assert.True(await w.Page.EvalOnSelectorAsync<bool>(chart, "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false; }"), chart);

        // Printed: the controls and the banner are gone, the report stays; a PDF is written as an artifact.
        await w.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.Equal("none", await w.Page.EvalOnSelectorAsync<string>("#controls", "e => getComputedStyle(e).display"));
        Assert.NotEqual("none", await w.Page.EvalOnSelectorAsync<string>("#categories", "e => getComputedStyle(e).display"));
        var pdf = await w.Page.PdfAsync(new PagePdfOptions { Path = Path.Combine(ConsoleFixture.ArtifactsDirectory, "monthly-2026-11.pdf"), Format = "A4", PreferCSSPageSize = true });
        Assert.True(pdf.Length > 10_000 && pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8), "not a PDF");
        await w.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await w.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.ArtifactsDirectory, "monthly.png"), FullPage = true });
        w.AssertClean();
    }

    [Theory]
    [InlineData("/console/")]
    [InlineData("/steward/")]
    [InlineData("/console/monthly.html?month=2026-11")]
    public async Task Axe_finds_no_serious_or_critical_accessibility_violation(string path)
    {
        var (_, steward) = path == "/steward/" ? await OrderDispatchedToAStewardAsync() : ("", "");
        await using var w = await fx.OpenAsync(path, localRole: path == "/steward/" ? JsonSerializer.Serialize(new { role = "steward", stewardId = steward }) : null);
        await w.Page.WaitForTimeoutAsync(500);   // let the first render settle (charts, evidence, mini maps)
        await w.Page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(fx.Run.StandIns.RepoRoot, "dashboard", "node_modules", "axe-core", "axe.min.js") });
        var violations = await w.Page.EvaluateAsync<JsonElement>(@"async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))");
        Assert.Empty(violations.EnumerateArray().Select(v => v.GetString()));
    }

    /// <summary>An order dispatched (not yet accepted) to a steward with a phone that reports: taken from the run or dispatched now.</summary>
    private async Task<(string Id, string Steward)> OrderDispatchedToAStewardAsync()
    {
        var dispatched = (await fx.OrdersAsync("&status=dispatched")).FirstOrDefault(o => o.GetProperty("assignedStewardId").ValueKind == JsonValueKind.String);
        if (dispatched.ValueKind != JsonValueKind.Undefined) return (dispatched.GetProperty("id").GetString()!, dispatched.GetProperty("assignedStewardId").GetString()!);
        var steward = (await fx.GetJsonAsync("/api/stewards")).GetProperty("items").EnumerateArray().First(s => s.GetProperty("canTakeOrders").GetBoolean()).GetProperty("id").GetString()!;
        // The first waiting order that can go to them (one may be refused, e.g. a rejection proposal pending), else a reopened one.
        var refused = new List<string>();
        foreach (var candidate in (await fx.OrdersAsync("&status=detected")).Select(o => o.GetProperty("id").GetString()!).Take(5))
        {
            var (status, body) = await fx.TransitionAsync(candidate, new { action = "dispatch", stewardId = steward });
            if (status == 200) return (candidate, steward);
            refused.Add($"{candidate}: {status} {body}");
        }
        var reopened = await ReopenedOrderAsync();
        // Reopening hands it to dispatch at once: it may already be with the nearest free steward.
        var now = await fx.GetOrderAsync(reopened);
        if (now.GetProperty("status").GetString() == "dispatched" && now.GetProperty("assignedStewardId").ValueKind == JsonValueKind.String)
            return (reopened, now.GetProperty("assignedStewardId").GetString()!);
        var (last, why) = await fx.TransitionAsync(reopened, new { action = "dispatch", stewardId = steward });
        Assert.True(last == 200, $"{why} (before: {string.Join("; ", refused)})");
        return (reopened, steward);
    }

    /// <summary>Every order was taken during the run: a resolved or rejected one, reopened by a dispatcher, waits for dispatch again.</summary>
    private async Task<string> ReopenedOrderAsync()
    {
        var id = (await fx.OrdersAsync("&status=resolved,rejected")).First().GetProperty("id").GetString()!;
        var (status, body) = await fx.TransitionAsync(id, new { action = "reopen", note = "browser test" });
        Assert.True(status == 200, body.ToString());
        return id;
    }

    private static byte[] Jpeg(int w, int h)
    {
        using var bitmap = new SKBitmap(w, h);
        bitmap.Erase(new SKColor(90, 140, 60));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}
