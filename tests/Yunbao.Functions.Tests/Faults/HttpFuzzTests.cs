using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Yunbao.Application.Ports;
using Yunbao.Functions.Http;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>
/// The fault campaign's HTTP half (issue #8 point 5): FsCheck generates requests for EVERY route found by its
/// [HttpTrigger] (so a new route is fuzzed without being listed) — hostile ids, paths, query strings, headers, bodies
/// (valid-ish JSON with a field wrong, junk bytes, huge values, NaN/Infinity, deep nesting, wrong content types) and every
/// role — against the local-mode and the Azure-mode host on the real stand-ins. Every answer is below 500 (no 503/504
/// either: nothing here stalls), every error is problem+json, and afterwards both stand-ins answer and were never restarted.
/// </summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class HttpFuzzTests(LocalStackFixture fixture, ITestOutputHelper output)
{
    private const int CaseCount = 500;

    [Fact]
    public async Task No_generated_request_to_any_route_gets_a_5xx_or_a_non_problem_error_and_no_stand_in_dies()
    {
        Assert.True(HttpRoutes.All.Count >= 9, string.Join("; ", HttpRoutes.All));
        var restartsBefore = fixture.StandIns.Status.ToDictionary(s => s.Name, s => s.Restarts);
        await using var local = await FunctionsTestHost.StartAsync(fixture);
        await using var azure = await FunctionsTestHost.StartAsync(fixture, localMode: false);
        var orders = new List<string>();
        foreach (var host in new[] { local, azure })
        {
            await host.SeedStewardAsync("steward-a");
            orders.Add(await host.OpenOrderAsync());
        }
        var etag = await local.ETagAsync(orders[0]);

        var statuses = new Dictionary<int, int>();
        var routesHit = new HashSet<string>();
        var watch = Stopwatch.StartNew();
        Prop.ForAll(Cases(orders, etag).ToArbitrary(), c =>
        {
            // FsCheck runs properties synchronously; the call runs on the pool so no context is blocked.
            var answer = Task.Run(() => RunAsync(c.AzureMode ? azure : local, c)).GetAwaiter().GetResult();
            lock (statuses)
            {
                statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
                routesHit.Add(c.Route.ToString());
            }
            Assert.True(answer.Status < 500, $"{answer.Status}: {Cut(answer.Text)}");
            if (answer.Status >= 400 && c.Route.Template.StartsWith("open311/", StringComparison.Ordinal)) AssertOpen311Error(answer);
            else if (answer.Status >= 400) AssertProblem(answer);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(CaseCount).WithQuietOnSuccess(true));
        output.WriteLine($"{CaseCount} requests in {watch.Elapsed.TotalSeconds:F1} s; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");

        Assert.Equal(HttpRoutes.All.Select(r => r.ToString()).ToHashSet(), routesHit);   // every route was tried
        Assert.Contains(statuses.Keys, s => s is >= 200 and < 300);                     // not only refusals: valid requests got through
        await AssertStandInsUntouchedAsync(local, restartsBefore);
    }

    /// <summary>Both stand-ins still answer (a Cosmos query, an Azurite queue call) and the supervisor restarted neither.</summary>
    internal static async Task AssertStandInsUntouchedAsync(FunctionsTestHost host, IReadOnlyDictionary<string, int> restartsBefore)
    {
        foreach (var s in host.Fixture.StandIns.Status)
        {
            Assert.True(s.Running, $"{s.Name} is not running: {s.LastExit}");
            Assert.Equal(restartsBefore[s.Name], s.Restarts);
        }
        Assert.NotEmpty(await host.Services.GetRequiredService<IStewardRepository>().ListAsync("lize", CancellationToken.None));
        await host.Queues.GetQueueClient("frame-events").GetPropertiesAsync();
    }

    private static async Task<HttpAnswer> RunAsync(FunctionsTestHost host, HttpFuzzCase c)
    {
        Microsoft.AspNetCore.Http.HttpRequest request;
        try
        {
            request = HttpCall.Request(host.Services, c.Method, c.Route.PathWith(c.Values) + c.Query);
        }
        catch (InvalidOperationException)
        {
            // A path ASP.NET Core refuses to decode (%00) never reaches a function (Kestrel answers 400); the function still
            // gets the hostile route value below, under the template's own path.
            request = HttpCall.Request(host.Services, c.Method, "/api/" + c.Route.Template + c.Query);
        }
        if (c.Body is { } body)
        {
            request.Body = new MemoryStream(body);
            request.ContentLength = body.Length;
        }
        foreach (var (k, v) in c.Headers) request.Headers[k] = v;
        // A hang is a fault too: the stand-ins are healthy, so nothing may take long.
        return await c.Route.InvokeAsync(host, request, c.Values).WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static void AssertProblem(HttpAnswer answer)
    {
        Assert.True(answer.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true, $"{answer.Status} {answer.ContentType}: {Cut(answer.Text)}");
        var p = answer.Json;
        Assert.Equal(answer.Status, p.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("title").GetString()));
        Assert.StartsWith("https://", p.GetProperty("type").GetString());
    }

    /// <summary>Open311 routes answer the spec's own error list (JSON array or XML &lt;errors&gt;) with the HTTP status as code.</summary>
    private static void AssertOpen311Error(HttpAnswer answer)
    {
        var status = answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (answer.ContentType?.StartsWith("text/xml", StringComparison.Ordinal) == true)
        {
            var error = System.Xml.Linq.XDocument.Parse(answer.Text).Root!;
            Assert.Equal("errors", error.Name.LocalName);
            Assert.Equal(status, error.Element("error")?.Element("code")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(error.Element("error")?.Element("description")?.Value), Cut(answer.Text));
            return;
        }
        Assert.True(answer.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true, $"{answer.Status} {answer.ContentType}: {Cut(answer.Text)}");
        var first = answer.Json[0];
        Assert.Equal(answer.Status, first.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(first.GetProperty("description").GetString()), Cut(answer.Text));
    }

    private static string Cut(string s) => s.Length <= 500 ? s : s[..500] + "…";

    private static Gen<HttpFuzzCase> Cases(IReadOnlyList<string> orders, string etag) =>
        from route in Gen.Elements(HttpRoutes.All.ToArray())
        from method in Gen.Elements(route.Methods.ToArray())
        from values in Gen.CollectToArray(route.Parameters, name => RouteValue(name, orders).Select(v => (name, v)))
        from query in Query
        from principal in Principal
        from ifMatch in IfMatch(etag)
        from body in Body
        from contentType in ContentType(body is not null)
        from azure in Gen.Elements(false, true)
        select new HttpFuzzCase(route, method, values.ToDictionary(v => v.name, v => v.v), query,
            Headers(principal, ifMatch, contentType), body, azure);

    private static Dictionary<string, string> Headers(Dictionary<string, string> principal, string? ifMatch, string? contentType)
    {
        var headers = new Dictionary<string, string>(principal);
        if (ifMatch is not null) headers["If-Match"] = ifMatch;
        if (contentType is not null) headers["Content-Type"] = contentType;
        return headers;
    }

    /// <summary>Known-good values for the parameters the routes have today, else (and often anyway) hostile text.</summary>
    private static Gen<string> RouteValue(string name, IReadOnlyList<string> orders)
    {
        string[] good = name switch
        {
            "id" => [.. orders, "steward-a", "steward-b", "wo-1"],
            "layer" => ["all", "garbage-overflow", "source-patrolvehicle"],
            "window" => ["24h", "7d", "30d"],
            "z" => ["12", "16", "18", "11", "19", "-1"],
            "x" or "y" => ["0", "53956", "24800", "99999999999", "-1"],
            _ => ["x"],
        };
        return Gen.Frequency((1, Gen.Elements(good)), (1, FuzzInputs.Text));
    }

    private static readonly string[] QueryKeys = ["status", "category", "bbox", "since", "pageSize", "continuationToken", "stewardId", "zz", ""];

    private static Gen<string> QueryValue(string key)
    {
        string[] good = key switch
        {
            "status" => ["detected", "dispatched,accepted", "bogus", ""],
            "category" => ["garbage-overflow", "nope"],
            "bbox" => ["116.29,39.85,116.33,39.88", "NaN,NaN,NaN,NaN", "-Infinity,39.85,116.33,39.88", "1e309,39.85,116.33,39.88", "1,2,3", "116.0,39.0,116.1,39.1"],
            "since" => ["2026-11-25T00:00:00Z", "yesterday", "9999-12-31T23:59:59Z", "0001-01-01"],
            "pageSize" => ["1", "0", "200", "201", "-5", "1e3", "99999999999"],
            "continuationToken" => ["[]", "{}", "null", "eyJ2IjoxfQ", "%FF%FE"],
            _ => ["1"],
        };
        return Gen.Frequency((1, Gen.Elements(good)), (1, FuzzInputs.Text));
    }

    private static Gen<string> Query { get; } = Gen.Frequency(
        (2, Gen.Constant("")),
        (6, Gen.ListOf(Gen.Elements(QueryKeys).SelectMany(k => QueryValue(k).Select(v => $"{k}={Escape(v)}")), 4).Select(p => "?" + string.Join("&", p))),
        (1, Gen.Elements("?%", "?%zz=1", "?a=%FF%FE", "?==&&=", "?status=" + string.Join("&status=", Enumerable.Repeat("detected", 1_100)))));

    /// <summary>As a client escapes it; text a URI cannot carry (a lone surrogate) goes as a raw invalid escape instead.</summary>
    private static string Escape(string value)
    {
        try { return Uri.EscapeDataString(value); }
        catch (UriFormatException) { return "%ED%A0%80"; }
    }

    private static Gen<Dictionary<string, string>> Principal { get; } = Gen.Frequency(
        (2, Gen.Constant(new Dictionary<string, string>())),
        (3, Gen.Elements(
            HttpCall.As("dispatcher-1", Roles.Dispatcher), HttpCall.As("steward-a", Roles.Steward), HttpCall.As("steward-b", Roles.Steward),
            HttpCall.As("c1", Roles.Citizen), HttpCall.As("ops", Roles.Operator), HttpCall.As("many", Roles.Steward, Roles.Citizen, "admin"),
            HttpCall.As("none"), new Dictionary<string, string> { [LocalDevHeaders.Role] = "steward", [LocalDevHeaders.StewardId] = "steward-a" },
            new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL-ID"] = "steward-a" })),
        (1, FuzzInputs.Text.Select(t => new Dictionary<string, string> { [ClientPrincipal.HeaderName] = t })),
        (1, FuzzInputs.Mutated(Encoding.UTF8.GetString(Convert.FromBase64String(ClientPrincipal.Encode("oid-x", "x", [Roles.Dispatcher]))))
            .Select(json => new Dictionary<string, string> { [ClientPrincipal.HeaderName] = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) })),
        (1, Gen.Zip(FuzzInputs.Text, FuzzInputs.Text).Select(t => new Dictionary<string, string> { [LocalDevHeaders.Role] = t.Item1, [LocalDevHeaders.StewardId] = t.Item2 })));

    private static Gen<string?> IfMatch(string etag) => Gen.Frequency(
        (2, Gen.Constant<string?>(null)),
        (3, Gen.Elements<string?>(etag, "*", "\"x\"", "W/\"x\"", "\"" + new string('Z', 5_000) + "\"")),
        (1, FuzzInputs.Text.Select(t => (string?)t)));

    private static Gen<string?> ContentType(bool hasBody) => hasBody
        ? Gen.Frequency(
            (6, Gen.Constant<string?>("application/json")),
            (2, Gen.Elements<string?>("application/json; charset=utf-8", "APPLICATION/JSON", "application/problem+json", "application/json; charset=latin1",
                "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/jsonx", null)),
            (1, FuzzInputs.Text.Select(t => (string?)t)))
        : Gen.Frequency((4, Gen.Constant<string?>(null)), (1, Gen.Constant<string?>("application/json")));

    private static readonly string[] ValidBodies =
    [
        .. new[] { "dispatch", "accept", "start", "resolve", "verify", "close", "reject", "escalate", "reopen", "propose_reject" }
            .Select(a => JsonSerializer.Serialize(new { action = a, note = "fuzz", stewardId = "steward-a", evidence = new[] { "evidence/1.jpg" }, lon = 116.3071, lat = 39.8633 })),
        JsonSerializer.Serialize(new { action = "accept" }),
        JsonSerializer.Serialize(new { id = "steward-fuzz", name = "王芳", userObjectId = "oid-fuzz", lon = 116.3071, lat = 39.8633, capacity = 3, available = true }),
        JsonSerializer.Serialize(new { lon = 116.31, lat = 39.866, available = true }),
    ];

    private static Gen<byte[]?> Body { get; } = Gen.Frequency(
        (2, Gen.Constant<byte[]?>(null)),
        (3, Gen.Elements(ValidBodies).Select(b => (byte[]?)Encoding.UTF8.GetBytes(b))),
        (6, Gen.Elements(ValidBodies).SelectMany(FuzzInputs.Mutated).Select(b => (byte[]?)Encoding.UTF8.GetBytes(b))),
        (2, FuzzInputs.JsonValue(3).Select(v => (byte[]?)Encoding.UTF8.GetBytes(v?.ToJsonString() ?? "null"))),
        (2, FuzzInputs.Hostile.Select(b => (byte[]?)b)));
}
