using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yunbao.Bench.Load;

namespace Yunbao.Bench.Tests;

/// <summary>The load client counts and times what it is meant to: no speed is asserted, only that the statistics are right.</summary>
public sealed class LoadClientTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var stats = new LatencyStats(Enumerable.Range(1, 100).Select(i => (double)(101 - i)));
        Assert.Equal(100, stats.Count);
        Assert.Equal(50, stats.P50);
        Assert.Equal(99, stats.P99);
        Assert.Equal(100, stats.Percentile(100));
        Assert.Equal(1, stats.Percentile(0));
        Assert.Equal(50.5, stats.Mean);

        var one = new LatencyStats([7.0]);
        Assert.Equal(7, one.P50);
        Assert.Equal(7, one.P99);
        Assert.True(double.IsNaN(new LatencyStats([]).P99));
    }

    [Theory]
    [InlineData(200, "Success")]
    [InlineData(204, "Success")]
    [InlineData(409, "Conflict")]
    [InlineData(412, "Conflict")]
    [InlineData(404, "Error")]
    [InlineData(422, "Error")]
    [InlineData(500, "Error")]
    public void Statuses_are_classified(int status, string expected) => Assert.Equal(expected, LoadClient.Classify(status).ToString());

    [Fact]
    public async Task Counts_successes_conflicts_and_errors_against_a_local_kestrel_server()
    {
        await using var app = await StartServerAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4, UseProxy = false })
        {
            BaseAddress = new Uri(ServerAddress(app)),
            Timeout = TimeSpan.FromSeconds(30),
        };

        // Request i: every 5th is a conflict (412), every 7th (not also a 5th) a server error (500), the rest 200 after 20 ms.
        // 40 requests: conflicts at 0,5,...,35 = 8; errors at 7,14,21,28 = 4; successes 28.
        var result = await LoadClient.RunAsync(4, 40, TimeSpan.FromSeconds(60), async (i, clock, ct) =>
        {
            var path = i % 5 == 0 ? "/conflict" : i % 7 == 0 ? "/fail" : "/ok";
            using var response = await http.GetAsync(path, ct);
            var outcome = LoadClient.Classify((int)response.StatusCode);
            if (outcome == RequestOutcome.Error) clock.Note = $"HTTP {(int)response.StatusCode} on {path}";
            return outcome;
        });

        Assert.Equal(40, result.Requests);
        Assert.Equal(28, result.Successes.Count);
        Assert.Equal(8, result.Conflicts.Count);
        Assert.Equal(4, result.Errors.Count);
        Assert.Equal("HTTP 500 on /fail", result.FirstError);
        // Latency is measured around the request: the server's 20 ms delay is a lower bound, not a speed assertion.
        Assert.True(result.Successes.P50 >= 19, $"p50 {result.Successes.P50} ms includes the server's 20 ms");
        Assert.True(result.Successes.P99 >= result.Successes.P50);
        Assert.True(result.Successes.Max >= result.Successes.P99);
        Assert.Equal(result.Successes.Count / result.Elapsed.TotalSeconds, result.PerSecond(result.Successes), 6);
    }

    [Fact]
    public async Task Exceptions_count_as_errors_and_the_request_bound_holds()
    {
        var result = await LoadClient.RunAsync(3, 10, TimeSpan.FromSeconds(60), (i, _, _) =>
            i % 2 == 0 ? throw new HttpRequestException("refused") : ValueTask.FromResult(RequestOutcome.Success));

        Assert.Equal(10, result.Requests);
        Assert.Equal(5, result.Errors.Count);
        Assert.Equal(5, result.Successes.Count);
        Assert.Equal("HttpRequestException: refused", result.FirstError);
    }

    private static async Task<WebApplication> StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/ok", async (CancellationToken ct) =>
        {
            await Task.Delay(20, ct);
            return Results.Ok("ok");
        });
        app.MapGet("/conflict", () => Results.StatusCode(StatusCodes.Status412PreconditionFailed));
        app.MapGet("/fail", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        await app.StartAsync();
        return app;
    }

    private static string ServerAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
