using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Yunbao.DevHost;

namespace Yunbao.Console.Tests;

/// <summary>
/// One DevHost run for all browser tests: a short simulated period (the fleet, detections, dispatch, a heat rollup),
/// then the API and the pages stay up; and one headless Debian chromium driven by Playwright.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string CollectionName = "console";
    public const string Chromium = "/usr/bin/chromium";

    public DevHostRun Run { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public string Origin => $"http://127.0.0.1:{Run.Port}";
    /// <summary>Where screenshots go (a test artifact: TestResults/ of this project).</summary>
    public static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        Run = await DevHostRun.StartAsync(new DevHostOptions
        {
            Hours = 2,
            Speedup = 1800,
            Seed = 11,
            Port = 0,
            Interactive = false,
            Direct = true,
            KeepRunning = true,
            RollupEvery = TimeSpan.FromMinutes(30),
            // 09:00 in Beijing: the morning patrol.
            Start = new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero),
        }, _ => { }, cts.Token);
        if (!File.Exists(Path.Combine(Dashboard.DistDirectory(Run.StandIns.RepoRoot), "index.html")))
            throw new InvalidOperationException("dashboard/dist is not built: run tools/install-deps.sh (./test.sh does).");
        await Run.RunSimulationAsync(null, cts.Token);
        Http = new HttpClient { BaseAddress = new Uri(Origin) };
        Http.DefaultRequestHeaders.Add("X-Yunbao-Local-Dev-Role", "dispatcher");

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    public async Task<JsonElement> GetJsonAsync(string path, string role = "dispatcher", string? steward = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, path);
        req.Headers.Add("X-Yunbao-Local-Dev-Role", role);
        if (steward is not null) req.Headers.Add("X-Yunbao-Local-Dev-Steward-Id", steward);
        using var res = await Http.SendAsync(req);
        res.EnsureSuccessStatusCode();
        return (await res.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    public async Task<(int Status, JsonElement Body)> TransitionAsync(string id, object body, string role = "dispatcher", string? steward = null)
    {
        var order = await GetOrderAsync(id);
        using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/workorders/{id}/transitions") { Content = JsonContent.Create(body) };
        req.Headers.Add("X-Yunbao-Local-Dev-Role", role);
        if (steward is not null) req.Headers.Add("X-Yunbao-Local-Dev-Steward-Id", steward);
        req.Headers.TryAddWithoutValidation("If-Match", order.GetProperty("eTag").GetString());
        using var res = await Http.SendAsync(req);
        return ((int)res.StatusCode, (await res.Content.ReadFromJsonAsync<JsonElement>())!);
    }

    public Task<JsonElement> GetOrderAsync(string id) => GetJsonAsync($"/api/workorders/{id}");

    public async Task<List<JsonElement>> OrdersAsync(string query = "")
    {
        var page = await GetJsonAsync("/api/workorders?pageSize=200" + query);
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    /// <summary>A page with every request watched: any host other than 127.0.0.1 is blocked and recorded, as are failures and console errors.</summary>
    public async Task<WatchedPage> OpenAsync(string path, BrowserNewContextOptions? options = null, string? localRole = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var watched = new WatchedPage(context);
        await context.RouteAsync("**/*", async route =>
        {
            var uri = new Uri(route.Request.Url);
            if (uri.Scheme is "data" or "blob" || uri.Host == "127.0.0.1") { await route.ContinueAsync(); return; }
            watched.Foreign.Add(route.Request.Url);
            await route.AbortAsync();
        });
        if (localRole is not null)
            await context.AddInitScriptAsync($"localStorage.setItem('yunbao.localRole', {JsonSerializer.Serialize(localRole)});");
        var page = await context.NewPageAsync();
        watched.Attach(page);
        await page.GotoAsync(Origin + path);
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        return watched;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        Http?.Dispose();
        if (Run is not null) await Run.DisposeAsync();
    }
}
