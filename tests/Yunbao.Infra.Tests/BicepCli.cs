using System.Diagnostics;
using System.Reflection;

namespace Yunbao.Infra.Tests;

/// <summary>
/// The `bicep` binary from the Azure.Bicep.CommandLine.linux-x64 package this project references (restored by
/// `dotnet test`). It works offline: the templates use local modules only.
/// </summary>
public static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    public static string RepoRoot { get; } = Metadata("RepoRoot");
    public static string InfraDir => Path.Combine(RepoRoot, "infra-bicep");

    public static BicepResult Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = InfraDir,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Self-contained .NET app: don't require libicu on the machine.
        psi.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        psi.Environment["BICEP_TRACING_ENABLED"] = "false";
        // Parameter files read these (readEnvironmentVariable); the tests check the committed defaults.
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("YUNBAO_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(name);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return new BicepResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        var path = Metadata("BicepPath");
        if (!File.Exists(path))
            throw new FileNotFoundException($"bicep not found at {path}; run `dotnet restore` on tests/Yunbao.Infra.Tests (package Azure.Bicep.CommandLine.linux-x64)");
        // NuGet extraction does not always keep the executable bit.
        if (OperatingSystem.IsWindows()) return path;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return path;
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} missing");
}
