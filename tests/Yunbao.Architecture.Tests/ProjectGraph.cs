using System.Xml.Linq;

namespace Yunbao.Architecture.Tests;

/// <summary>
/// The solution's production projects and their references, read from the csproj files themselves, so a reference
/// that is added but not (yet) used by any type is caught as well as one the compiler emits.
/// </summary>
public sealed class ProjectGraph
{
    private static readonly string[] ProductionFolders = ["functions", "edge-modules", "tools", "bench"];

    private readonly Dictionary<string, ProjectNode> _projects;

    private ProjectGraph(Dictionary<string, ProjectNode> projects) => _projects = projects;

    public static ProjectGraph Load() => Load(RepositoryRoot());

    public static ProjectGraph Load(string root)
    {
        var projects = new Dictionary<string, ProjectNode>(StringComparer.Ordinal);
        foreach (var folder in ProductionFolders)
        {
            var dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir)) continue;
            foreach (var csproj in Directory.EnumerateFiles(dir, "*.csproj", SearchOption.AllDirectories))
            {
                if (csproj.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
                var node = ProjectNode.Read(csproj);
                projects[node.Name] = node;
            }
        }
        return new ProjectGraph(projects);
    }

    public IReadOnlyCollection<string> Names => _projects.Keys;

    public ProjectNode this[string name] =>
        _projects.TryGetValue(name, out var node) ? node : throw new KeyNotFoundException($"No project {name} under {string.Join(", ", ProductionFolders)}.");

    /// <summary>Every project <paramref name="name"/> depends on, directly or through others (itself excluded).</summary>
    public IReadOnlySet<string> ProjectClosure(string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(this[name].ProjectReferences);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (!seen.Add(next)) continue;
            if (_projects.TryGetValue(next, out var node))
                foreach (var r in node.ProjectReferences) stack.Push(r);
        }
        return seen;
    }

    /// <summary>Every package <paramref name="name"/> or any project in its closure references by name.</summary>
    public IReadOnlySet<string> PackageClosure(string name)
    {
        var packages = new HashSet<string>(this[name].PackageReferences, StringComparer.OrdinalIgnoreCase);
        foreach (var project in ProjectClosure(name))
            if (_projects.TryGetValue(project, out var node)) packages.UnionWith(node.PackageReferences);
        return packages;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln"))) return dir.FullName;
        throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One csproj: its name and the projects and packages it references directly.</summary>
public sealed record ProjectNode(string Name, string Path, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> PackageReferences)
{
    public static ProjectNode Read(string csproj)
    {
        var doc = XDocument.Load(csproj);
        var projects = doc.Descendants("ProjectReference")
            .Select(e => System.IO.Path.GetFileNameWithoutExtension(((string?)e.Attribute("Include") ?? "").Replace('\\', '/')))
            .Where(n => n.Length > 0)
            .ToList();
        var packages = doc.Descendants("PackageReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .Where(n => n.Length > 0)
            .ToList();
        return new ProjectNode(System.IO.Path.GetFileNameWithoutExtension(csproj), csproj, projects, packages);
    }
}
