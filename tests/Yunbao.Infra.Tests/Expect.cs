using Yunbao.Infra.Tests.Arm;

namespace Yunbao.Infra.Tests;

/// <summary>Small lookups shared by the tests over evaluated deployments.</summary>
public static class Expect
{
    public static string Str(object? value, string what) =>
        value as string ?? throw new Xunit.Sdk.XunitException($"{what}: expected a string, got {Describe(value)}");

    public static List<object?> List(object? value, string what) =>
        value as List<object?> ?? throw new Xunit.Sdk.XunitException($"{what}: expected an array, got {Describe(value)}");

    public static Dictionary<string, object?> Obj(object? value, string what) =>
        value as Dictionary<string, object?> ?? throw new Xunit.Sdk.XunitException($"{what}: expected an object, got {Describe(value)}");

    public static IReadOnlyList<string> Strings(object? value, string what) => List(value, what).Select(v => Str(v, what)).ToList();

    /// <summary>Last segment of a resource's full name ("st…/default/frames" → "frames").</summary>
    public static string Leaf(this EvaluatedResource r) => r.Name.Split('/')[^1];

    /// <summary>True when an unknown (deploy-time) value reads the given property of the given resource.</summary>
    public static bool IsReferenceTo(object? value, string resourceId, string property) =>
        value is Unknown u && string.Equals(u.Text, $"reference({resourceId}).{property}", StringComparison.OrdinalIgnoreCase);

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        Unknown u => u.ToString(),
        _ => System.Text.Json.JsonSerializer.Serialize(value),
    };
}
