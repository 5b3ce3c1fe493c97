using Microsoft.Playwright;

namespace Yunbao.Console.Tests;

/// <summary>A browser page with what went wrong on it: requests to other hosts, failed requests, HTTP errors, console errors.</summary>
public sealed class WatchedPage(IBrowserContext context) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;
    public IPage Page { get; private set; } = null!;
    public List<string> Foreign { get; } = [];
    public List<string> Failures { get; } = [];
    public List<string> ConsoleErrors { get; } = [];

    internal void Attach(IPage page)
    {
        Page = page;
        page.RequestFailed += (_, r) => Failures.Add($"{r.Method} {r.Url}: {r.Failure}");
        page.Response += (_, r) => { if (r.Status >= 400) Failures.Add($"{r.Request.Method} {r.Url}: HTTP {r.Status}"); };
        page.Console += (_, m) => { if (m.Type == "error") ConsoleErrors.Add(m.Text); };
        page.PageError += (_, e) => ConsoleErrors.Add(e);
    }

    public void AssertClean()
    {
        Assert.True(Foreign.Count == 0, "requests to other hosts: " + string.Join("; ", Foreign));
        Assert.True(Failures.Count == 0, "failed requests: " + string.Join("; ", Failures));
        Assert.True(ConsoleErrors.Count == 0, "console errors: " + string.Join("; ", ConsoleErrors));
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
