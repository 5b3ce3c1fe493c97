using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SkiaSharp;

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
    public async Task The_page_asks_the_categorys_required_questions_sends_answers_and_photo_and_follows_the_request_to_closed()
    {
        // A category whose Open311 service definition has a required question (road damage: its size).
        const string code = "road-damage";
        var definition = await GetJsonAsync($"/api/open311/v2/services/{code}.json");
        var required = definition.GetProperty("attributes").EnumerateArray().Where(a => a.GetProperty("required").GetBoolean()).ToList();
        var question = Assert.Single(required, a => a.GetProperty("datatype").GetString() == "singlevaluelist");
        var attr = question.GetProperty("code").GetString()!;
        var answer = question.GetProperty("values").EnumerateArray().Last().GetProperty("key").GetString()!;

        await using var w = await fx.OpenAsync("/citizen/", new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var posts = new List<string>();
        w.Page.Request += (_, r) => { if (r.Method == "POST" && r.Url.Contains("/open311/v2/requests", StringComparison.Ordinal)) posts.Add(r.PostData ?? ""); };
        await w.Page.ClickAsync($"#services button[data-code='{code}']");
        // The question appears, in the page's language, marked required.
        var field = $"#attr-fields .attr[data-code='{attr}']";
        await w.Page.WaitForSelectorAsync(field);
        Assert.Contains(question.GetProperty("description").GetString()!, await w.Page.InnerTextAsync(field));
        Assert.Contains("必填", await w.Page.InnerTextAsync(field));
        await w.Page.ClickAsync("#map");
        await w.Page.FillAsync("#desc", "路面坑洞 (browser test)");

        // Unanswered, the page says what is missing and sends nothing.
        await w.Page.ClickAsync("#submit");
        await w.Page.WaitForFunctionAsync("() => document.querySelector('#result').textContent.includes('请填写')");
        Assert.Empty(posts);

        await w.Page.CheckAsync($"{field} input[value='{answer}']");
        var photo = Path.Combine(ConsoleFixture.ArtifactsDirectory, "citizen-photo.jpg");
        await File.WriteAllBytesAsync(photo, Jpeg(400, 300));
        await w.Page.SetInputFilesAsync("#photo", photo);
        await w.Page.ClickAsync("#submit");
        await w.Page.WaitForSelectorAsync("#result[data-id]");
        var id = (await w.Page.GetAttributeAsync("#result", "data-id"))!;
        // The answer went as the Open311 attribute field, with the photo in the same multipart POST.
        var sent = Assert.Single(posts);
        Assert.Contains($"name=\"attribute[{attr}]\"", sent);
        Assert.Contains("name=\"media\"", sent);
        Assert.False(string.IsNullOrEmpty(await w.Page.GetAttributeAsync("#result", "data-notice")));   // the service notice with the SLA
        await w.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleFixture.ArtifactsDirectory, "citizen.png"), FullPage = true });

        // The photo is the request's public media, and it decodes.
        var request = (await GetJsonAsync($"/api/open311/v2/requests/{id}.json"))[0];
        var media = request.GetProperty("media_url").GetString();
        Assert.False(string.IsNullOrEmpty(media), "the uploaded photo is not the request's media_url");
        using (var bitmap = SKBitmap.Decode(await fx.Http.GetByteArrayAsync(new Uri(media!))))
            Assert.Equal((400, 300), (bitmap.Width, bitmap.Height));

        // The order the request became (or joined) is worked to closed through the API; the page then shows it closed.
        var orderId = (await fx.OrdersAsync()).Single(o => o.GetProperty("incidentIds").EnumerateArray().Any(i => i.GetString() == id)).GetProperty("id").GetString()!;
        await CloseThroughTheApiAsync(orderId);
        Assert.Equal("closed", (await GetJsonAsync($"/api/open311/v2/requests/{id}.json"))[0].GetProperty("status").GetString());
        await w.Page.ClickAsync("#tab-mine");
        await w.Page.WaitForSelectorAsync($"#mine-list li[data-id='{id}'][data-status='closed']");
        Assert.Contains("已办结", await w.Page.InnerTextAsync($"#mine-list li[data-id='{id}']"));
        Assert.Empty(w.Foreign);
        w.AssertClean();
    }

    /// <summary>Dispatch, accept, start, resolve with a steward's photo, verify, close: each step as its actor, with the ETag.</summary>
    private async Task CloseThroughTheApiAsync(string orderId)
    {
        var stewards = (await fx.GetJsonAsync("/api/stewards")).GetProperty("items").EnumerateArray().Where(s => s.GetProperty("canTakeOrders").GetBoolean()).Select(s => s.GetProperty("id").GetString()!).ToList();
        var steward = stewards[0];
        for (var step = 0; step < 12; step++)
        {
            var order = await fx.GetOrderAsync(orderId);
            var status = order.GetProperty("status").GetString();
            var assigned = order.TryGetProperty("assignedStewardId", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            // Only this dispatch's events count (a joined order may have been worked and reopened before).
            var all = order.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
            var events = all.Skip(all.FindLastIndex(e => e is "dispatched" or "reassigned" or "reopened") + 1).ToList();
            (int Status, JsonElement Body) result;
            switch (status)
            {
                case "closed": return;
                case "detected" or "escalated" when assigned is null || !events.Contains("accepted"):
                    result = await fx.TransitionAsync(orderId, new { action = "dispatch", stewardId = steward != assigned ? steward : stewards.First(s => s != assigned) });
                    break;
                case "dispatched": result = await fx.TransitionAsync(orderId, new { action = "accept" }, "steward", assigned); break;
                case "accepted" or "escalated" when !events.Contains("started"): result = await fx.TransitionAsync(orderId, new { action = "start" }, "steward", assigned); break;
                case "in_progress" or "escalated":
                    result = await fx.TransitionAsync(orderId, new { action = "resolve", note = "修补完毕 (browser test)", evidence = new[] { await UploadStewardPhotoAsync(orderId, assigned!) } }, "steward", assigned);
                    break;
                case "resolved": result = await fx.TransitionAsync(orderId, new { action = "verify", note = "复查通过 (browser test)" }); break;
                case "verified": result = await fx.TransitionAsync(orderId, new { action = "close", note = "已办结 (browser test)" }); break;
                case "rejected": result = await fx.TransitionAsync(orderId, new { action = "reopen", note = "browser test" }); break;
                default: throw new InvalidOperationException($"order {orderId} is {status}");
            }
            Assert.True(result.Status == 200, $"{status}: {result.Body}");
        }
        Assert.Fail($"order {orderId} did not reach closed");
    }

    private async Task<string> UploadStewardPhotoAsync(string orderId, string steward)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/workorders/{orderId}/photos") { Content = new ByteArrayContent(Jpeg(320, 240)) };
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        req.Headers.Add("X-Yunbao-Local-Dev-Role", "steward");
        req.Headers.Add("X-Yunbao-Local-Dev-Steward-Id", steward);
        using var res = await fx.Http.SendAsync(req);
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(res.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("evidence").GetString()!;
    }

    private static byte[] Jpeg(int w, int h)
    {
        using var bitmap = new SKBitmap(w, h);
        bitmap.Erase(new SKColor(120, 110, 100));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
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
