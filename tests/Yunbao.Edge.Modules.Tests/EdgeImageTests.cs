using System.Diagnostics;
using System.Xml.Linq;

namespace Yunbao.Edge.Modules.Tests;

/// <summary>
/// What goes into an IoT Edge image: the published module holds no cloud code (Cosmos SDK, Azure.Identity, Polly, Domain,
/// Infrastructure) and no simulator, and each Dockerfile copies exactly the projects the module builds from.
/// </summary>
public sealed class EdgeImageTests
{
    private static readonly string[] ModuleNames = ["Yunbao.Edge.PatrolCamera", "Yunbao.Edge.FixedCamera", "Yunbao.Edge.EnvSensor"];
    public static readonly TheoryData<string> Modules = new(ModuleNames);

    private static readonly string[] Forbidden =
        ["Microsoft.Azure.Cosmos", "Azure.Identity", "Polly", "Yunbao.Infrastructure", "Yunbao.Domain", "Yunbao.Edge.Simulator", "SkiaSharp", "Azure.Storage"];

    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("Serverless.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static string ProjectPath(string module) => Path.Combine(RepoRoot, "edge-modules", module, module + ".csproj");

    [Theory]
    [Trait("Category", "Slow")]   // dotnet publish per module (about a minute each on 2 cores); ./test.sh --fast leaves it out
    [MemberData(nameof(Modules))]
    public async Task A_module_published_for_linux_arm64_contains_no_cloud_code_and_no_simulator(string module)
    {
        var output = Directory.CreateTempSubdirectory("yunbao-publish-").FullName;
        try
        {
            // What the Dockerfile's build stage does for the vehicle computer (-a $TARGETARCH with TARGETARCH=arm64).
            var (exitCode, log) = await RunAsync("dotnet", $"publish \"{ProjectPath(module)}\" -c Release -r linux-arm64 --self-contained false -o \"{output}\" -nologo");
            Assert.True(exitCode == 0, $"dotnet publish {module} failed ({exitCode}):\n{log}");

            var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).ToList();
            Assert.Contains(module + ".dll", files);
            Assert.Contains("Yunbao.Contracts.dll", files);
            Assert.Contains("Yunbao.Edge.IotHub.dll", files);
            var offending = files.Where(f => Forbidden.Any(name => Path.GetFileName(f).StartsWith(name, StringComparison.OrdinalIgnoreCase))).ToList();
            Assert.True(offending.Count == 0, $"{module} publishes {string.Join(", ", offending)}");
            var deps = await File.ReadAllTextAsync(Path.Combine(output, module + ".deps.json"));
            Assert.All(Forbidden, name => Assert.DoesNotContain(name, deps, StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void The_Dockerfile_copies_exactly_the_module_project_reference_closure(string module)
    {
        var dockerfile = File.ReadAllLines(Path.Combine(RepoRoot, "edge-modules", module, "Dockerfile"));
        var copied = dockerfile
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.StartsWith("COPY --from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])   // sources; the last word is the destination
            .Select(s => s.TrimEnd('/'))
            .Order()
            .ToList();

        var closure = ProjectClosure(ProjectPath(module))
            .Select(p => Path.GetRelativePath(RepoRoot, Path.GetDirectoryName(p)!).Replace('\\', '/'))
            .Concat(["Directory.Build.props", "Directory.Packages.props"])
            .Order()
            .ToList();

        Assert.Equal(closure, copied);
        Assert.Contains("functions/Yunbao.Contracts", closure);
        Assert.DoesNotContain(closure, p => p.Contains("Domain") || p.Contains("Infrastructure") || p.Contains("Simulator"));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void The_Dockerfile_cross_builds_on_the_build_platform_and_runs_non_root_with_a_health_check(string module)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot, "edge-modules", module, "Dockerfile")).Select(l => l.Trim()).Where(l => !l.StartsWith('#')).ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, froms.Count);
        Assert.StartsWith("FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build", froms[0], StringComparison.Ordinal);
        Assert.Equal("FROM mcr.microsoft.com/dotnet/runtime:10.0", froms[1]);   // the target platform's runtime
        Assert.Contains("ARG TARGETARCH", lines);
        Assert.Contains(lines, l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal) && l.Contains("-a $TARGETARCH", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal) && l.Contains("-a $TARGETARCH", StringComparison.Ordinal));
        var runtimeStage = lines.SkipWhile(l => l != froms[1]).ToList();
        var user = Assert.Single(runtimeStage, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotContain(user.Split(' ')[1], new[] { "root", "0" });
        Assert.Contains(runtimeStage, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.Contains(runtimeStage, l => l.StartsWith("ENV Health__HeartbeatFile=/tmp/yunbao-heartbeat", StringComparison.Ordinal));
    }

    [Fact]
    public void The_docker_build_context_leaves_out_host_build_output_and_everything_no_module_builds_from()
    {
        var ignore = File.ReadAllLines(Path.Combine(RepoRoot, ".dockerignore")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
        Assert.Contains(".git/", ignore);
        // Nothing a Dockerfile copies may be ignored.
        foreach (var module in ModuleNames)
            foreach (var source in ProjectClosure(ProjectPath(module)).Select(p => Path.GetRelativePath(RepoRoot, Path.GetDirectoryName(p)!).Replace('\\', '/') + "/"))
                Assert.DoesNotContain(source, ignore);
    }

    /// <summary>The project and every project it references, transitively.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next)) continue;
            foreach (var reference in XDocument.Load(next).Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
        }
        return seen;
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
