using System.Runtime.CompilerServices;

namespace Yunbao.Testing;

/// <summary>Process-wide settings every test run needs before any Azure SDK starts.</summary>
public static class TestEnvironment
{
    /// <summary>The Cosmos SDK probes 169.254.169.254 unless this is set; only loopback may be contacted here.</summary>
    public static void Apply() => Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");

#pragma warning disable CA2255 // a test helper library is exactly where a module initializer belongs
    [ModuleInitializer]
    internal static void OnLoad() => Apply();
#pragma warning restore CA2255
}
