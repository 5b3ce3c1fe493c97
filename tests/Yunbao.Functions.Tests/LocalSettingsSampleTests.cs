using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Functions.Triggers;

namespace Yunbao.Functions.Tests;

public sealed class LocalSettingsSampleTests
{
    [Fact]
    public void Every_setting_the_app_reads_is_in_the_sample_or_explained_for_Azure()
    {
        var values = SampleSettings.Values();
        var configuration = RecordingConfiguration.Wrap(new ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value)).Build());

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddYunbaoFunctions(configuration);
        using var provider = services.BuildServiceProvider();

        // Everything the functions are built from, including every bound options class (reading .Value runs the binder).
        foreach (var type in typeof(HealthApi).Assembly.GetTypes().Where(t => t.Namespace == typeof(HealthApi).Namespace && t.GetMethods().Any(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false).Length > 0)))
            ActivatorUtilities.CreateInstance(provider, type);
        var optionTypes = services.Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(t => t.GetGenericArguments()[0]).Distinct();
        foreach (var optionType in optionTypes)
        {
            var options = typeof(IOptions<>).MakeGenericType(optionType);
            _ = options.GetProperty(nameof(IOptions<object>.Value))!.GetValue(provider.GetRequiredService(options));
        }

        var documented = SampleSettings.Comments();
        var present = values.Keys.Select(k => k.Replace("__", ":")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool Explained(string key)
        {
            var underscored = key.Replace(":", "__");
            return documented.Contains(underscored, StringComparer.OrdinalIgnoreCase)
                || documented.Any(d => d.EndsWith('*') && (underscored + "__").StartsWith(d.TrimEnd('*'), StringComparison.OrdinalIgnoreCase));
        }

        var missing = configuration.KeysRead
            .Where(k => !present.Contains(k) && !Explained(k))
            .Where(k => configuration.KeysRead.All(other => other == k || !other.StartsWith(k + ":", StringComparison.OrdinalIgnoreCase)))   // a section, not a setting
            .OrderBy(k => k).ToList();
        Assert.True(missing.Count == 0, "Read by the app but neither in local.settings.sample.json Values nor in its _comments: " + string.Join(", ", missing));
        Assert.Contains("LocalMode", configuration.KeysRead, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Cosmos:connectionString", configuration.KeysRead, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Sample_runs_the_simulation_detector_in_local_mode_against_loopback_only()
    {
        var values = SampleSettings.Values();
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("simulation", values["Detector__Provider"]);
        Assert.Equal("true", values["LocalMode"]);
        Assert.Equal("true", values["COSMOS_DISABLE_IMDS_ACCESS"]);
        Assert.Equal("yunbao", values["Cosmos__databaseName"]);
        Assert.Equal("lize", values["District__DistrictId"]);
        foreach (var key in new[] { "AzureWebJobsStorage", "Storage", "Cosmos__connectionString" })
            Assert.DoesNotMatch(@"https?://(?!127\.0\.0\.1)", values[key]);
    }
}
