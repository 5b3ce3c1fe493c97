using Yunbao.DevHost;
using Yunbao.Functions.Http;

namespace Yunbao.DevHost.Tests;

public sealed class FunctionEndpointsTests
{
    [Fact]
    public void The_route_table_is_read_from_the_Functions_attributes()
    {
        var routes = FunctionEndpoints.Discover(typeof(HttpApi).Assembly).Select(f => $"{string.Join(",", f.Methods)} {f.Route}").ToList();
        Assert.Contains("GET workorders", routes);
        Assert.Contains("GET workorders/{id}", routes);
        Assert.Contains("POST workorders/{id}/transitions", routes);
        Assert.Contains("POST stewards/{id}/location", routes);
        Assert.Contains("POST stewards", routes);
        Assert.Contains("GET heatmaps/{layer}/{window}/{z}/{x}/{y}.png", routes);
        Assert.Contains("GET heatmaps/{layer}/{window}/tilejson.json", routes);
        Assert.Contains("GET heatmaps/manifest.json", routes);
        Assert.Contains("GET health", routes);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(405)]
    [InlineData(413)]
    [InlineData(414)]
    [InlineData(431)]
    public async Task The_hosts_own_status_answers_are_problem_json(int status)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "DELETE";
        context.Request.Path = "/api/nowhere";
        context.Response.Body = new MemoryStream();
        context.Response.StatusCode = status;
        await FunctionEndpoints.StatusProblemAsync(new Microsoft.AspNetCore.Diagnostics.StatusCodeContext(context, new Microsoft.AspNetCore.Builder.StatusCodePagesOptions(), _ => Task.CompletedTask));
        Assert.Equal(status, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType);
        using var body = System.Text.Json.JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal(status, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("/api/nowhere", body.RootElement.GetProperty("instance").GetString());
    }

    [Fact]
    public void Queue_and_timer_functions_are_found_by_their_triggers()
    {
        var queues = FunctionInvoker.DiscoverQueues(typeof(HttpApi).Assembly).ToDictionary(q => q.Name, q => q.QueueName);
        Assert.Equal("frame-events", queues["DetectFrame"]);
        Assert.Equal("telemetry", queues["IngestTelemetry"]);
        var timers = FunctionInvoker.DiscoverTimers(typeof(HttpApi).Assembly).Select(t => t.Name).ToList();
        Assert.Contains("RollupHeatmaps", timers);
        Assert.Contains("EnforceSlas", timers);
    }
}
