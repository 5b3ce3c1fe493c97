using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace Yunbao.DevHost;

/// <summary>Serves the built pages (dashboard/dist) on the API's origin, so they call /api without CORS or sign-in plumbing.</summary>
public static class Dashboard
{
    public static string DistDirectory(string repoRoot) => Path.Combine(repoRoot, "dashboard", "dist");

    /// <summary>Adds the static files when they are built; false (and nothing added) when they are not.</summary>
    public static bool Serve(WebApplication app, string repoRoot)
    {
        var dist = DistDirectory(repoRoot);
        if (!File.Exists(Path.Combine(dist, "index.html"))) return false;
        var files = new PhysicalFileProvider(dist);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Hashed asset names never change content; the HTML is re-read so a rebuild shows at once.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl =
                c.File.Name.EndsWith(".html", StringComparison.Ordinal) ? "no-cache" : "public, max-age=31536000, immutable",
        });
        return true;
    }
}
