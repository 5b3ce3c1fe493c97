using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Yunbao.Infra.Tests.Arm;

/// <summary>
/// Evaluates a compiled Bicep (ARM JSON) template the way Resource Manager would, far enough to check what
/// gets deployed: parameters, variables, copy loops, conditions, nested deployments and their outputs.
/// Values only Azure knows (reference() of a real resource, a principal id) stay <see cref="Unknown"/>.
/// </summary>
public sealed class ArmTemplateEvaluator
{
    public const string SubscriptionId = "00000000-0000-0000-0000-00000000000a";
    public const string TenantId = "00000000-0000-0000-0000-00000000000b";

    private readonly TemplateEvaluation _result = new();

    public static TemplateEvaluation Evaluate(JsonObject template, IReadOnlyDictionary<string, object?> parameters, string resourceGroup = "")
    {
        var evaluator = new ArmTemplateEvaluator();
        var scope = new Scope(evaluator, template, parameters, resourceGroup, "main");
        scope.EvaluateResources();
        evaluator._result.Outputs = scope.EvaluateOutputs();
        return evaluator._result;
    }

    private sealed class Scope
    {
        private readonly ArmTemplateEvaluator _owner;
        private readonly JsonObject _template;
        private readonly Dictionary<string, object?> _parameters = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, object?> _variables = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonObject> _symbols = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Dictionary<string, object?>> _deploymentOutputs = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _evaluating = new(StringComparer.OrdinalIgnoreCase);
        private readonly string _path;
        private readonly string _resourceGroup;
        private long? _copyIndex;
        private readonly Stack<Dictionary<string, object?>> _lambdaScopes = new();

        public Scope(ArmTemplateEvaluator owner, JsonObject template, IReadOnlyDictionary<string, object?> provided, string resourceGroup, string path)
        {
            _owner = owner;
            _template = template;
            _resourceGroup = resourceGroup;
            _path = path;
            var declared = template["parameters"] as JsonObject ?? [];
            foreach (var name in provided.Keys)
                if (!declared.ContainsKey(name)) throw new InvalidOperationException($"{path}: parameter '{name}' is passed but not declared");
            foreach (var (name, decl) in declared)
            {
                if (provided.TryGetValue(name, out var v)) _parameters[name] = v;
                else if (decl is JsonObject d && d.ContainsKey("defaultValue")) _parameters[name] = Eval(Json.FromNode(d["defaultValue"]));
                else if (decl is JsonObject n && n["nullable"]?.GetValue<bool>() == true) _parameters[name] = null;
                else throw new InvalidOperationException($"{path}: parameter '{name}' has no value and no default");
                CheckAllowed(name, decl as JsonObject);
            }
            if (template["resources"] is JsonObject symbolic)
                foreach (var (sym, node) in symbolic) _symbols[sym] = (JsonObject)node!;
        }

        private void CheckAllowed(string name, JsonObject? decl)
        {
            if (decl?["allowedValues"] is not JsonArray allowed || _parameters[name] is Unknown) return;
            var values = allowed.Select(Json.FromNode).ToList();
            var value = _parameters[name];
            if (!values.Any(a => ValueEquals(a, value)))
                throw new InvalidOperationException($"{_path}: parameter '{name}' = {value} is not one of its allowed values");
        }

        public void EvaluateResources()
        {
            var resources = _template["resources"];
            IEnumerable<(string? Symbol, JsonObject Node)> items = resources switch
            {
                JsonObject o => o.Select(kv => ((string?)kv.Key, (JsonObject)kv.Value!)),
                JsonArray a => a.Select(n => ((string?)null, (JsonObject)n!)),
                _ => [],
            };
            foreach (var (symbol, node) in items)
            {
                if (node["existing"]?.GetValue<bool>() == true) continue;
                if (IsDeployment(node))
                {
                    if (symbol is not null) DeploymentOutputs(symbol);
                    else EvaluateDeployment(node, symbol);
                }
                else EvaluateResource(node);
            }
        }

        public Dictionary<string, object?> EvaluateOutputs()
        {
            var outputs = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (_template["outputs"] is JsonObject declared)
                foreach (var (name, decl) in declared) outputs[name] = Eval(Json.FromNode(decl!["value"]));
            return outputs;
        }

        private static bool IsDeployment(JsonObject node) => string.Equals((string?)node["type"], "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase);

        private Dictionary<string, object?> DeploymentOutputs(string symbol)
        {
            if (_deploymentOutputs.TryGetValue(symbol, out var done)) return done;
            if (!_evaluating.Add(symbol)) throw new InvalidOperationException($"{_path}: circular reference to {symbol}");
            var outputs = EvaluateDeployment(_symbols[symbol], symbol);
            _deploymentOutputs[symbol] = outputs;
            return outputs;
        }

        private Dictionary<string, object?> EvaluateDeployment(JsonObject node, string? symbol)
        {
            if (node["condition"] is { } condition && Eval(Json.FromNode(condition)) is false) return new(StringComparer.OrdinalIgnoreCase);
            if (node["copy"] is not null) throw new NotSupportedException("copy loops over modules are not supported by this evaluator");
            var props = (JsonObject)node["properties"]!;
            var inner = (string?)props["expressionEvaluationOptions"]?["scope"] == "inner";
            if (!inner) throw new NotSupportedException("only inner-scoped nested deployments are supported");
            var passed = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (props["parameters"] is JsonObject ps)
                foreach (var (paramName, p) in ps)
                    // Either { "value": ... } or one expression that yields that object (Bicep's form for if()).
                    passed[paramName] = p is JsonObject o
                        ? Eval(Json.FromNode(o["value"]))
                        : Eval(Json.FromNode(p)) switch
                        {
                            Dictionary<string, object?> d => d["value"],
                            Unknown u => u,
                            var other => throw new InvalidOperationException($"{_path}: parameter {paramName} evaluated to {other}"),
                        };
            var rg = node["resourceGroup"] is { } rgNode ? AsString(Eval(Json.FromNode(rgNode))) : _resourceGroup;
            var deploymentName = symbol ?? AsString(Eval(Json.FromNode(node["name"])));
            var child = new Scope(_owner, (JsonObject)props["template"]!, passed, rg, $"{_path}/{deploymentName}");
            child.EvaluateResources();
            var outputs = child.EvaluateOutputs();
            return outputs.ToDictionary(kv => kv.Key, kv => (object?)new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["value"] = kv.Value }, StringComparer.OrdinalIgnoreCase);
        }

        private void EvaluateResource(JsonObject node)
        {
            if (node["copy"] is JsonObject copy)
            {
                var count = AsLong(Eval(Json.FromNode(copy["count"])));
                for (var i = 0L; i < count; i++)
                {
                    _copyIndex = i;
                    try { EvaluateOne(node); } finally { _copyIndex = null; }
                }
            }
            else EvaluateOne(node);
        }

        private void EvaluateOne(JsonObject node)
        {
            if (node["condition"] is { } condition && Eval(Json.FromNode(condition)) is false) return;
            var body = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in node)
                if (key is not ("copy" or "condition" or "dependsOn")) body[key] = Eval(Json.FromNode(value));
            _owner._result.Resources.Add(new EvaluatedResource
            {
                Type = AsString(body["type"]),
                Name = AsString(body["name"]),
                ApiVersion = AsString(body["apiVersion"]),
                Deployment = _path,
                ResourceGroup = _resourceGroup,
                Body = body,
            });
        }

        // ---- expressions -------------------------------------------------------------------------------

        private object? Eval(object? json) => json switch
        {
            string s when ArmExpression.IsExpression(s) => Eval(ArmExpression.Parse(s[1..^1])),
            string s when s.StartsWith("[[", StringComparison.Ordinal) => s[1..],
            Dictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Eval(kv.Value), StringComparer.OrdinalIgnoreCase),
            List<object?> l => l.Select(Eval).ToList(),
            _ => json,
        };

        private object? Eval(ArmNode node) => node switch
        {
            Literal l => l.Value,
            Member m => MemberOf(Eval(m.Target), m.Name),
            Index i => IndexOf(Eval(i.Target), Eval(i.Key)),
            Call c => Invoke(c),
            _ => throw new NotSupportedException(node.ToString()),
        };

        private static object? MemberOf(object? target, string name) => target switch
        {
            Unknown u => new Unknown($"{u.Text}.{name}"),
            Dictionary<string, object?> d when d.TryGetValue(name, out var v) => v,
            Dictionary<string, object?> => throw new KeyNotFoundException($"property '{name}' not found"),
            _ => throw new InvalidOperationException($"cannot read '{name}' of {target}"),
        };

        private static object? IndexOf(object? target, object? key) => (target, key) switch
        {
            (Unknown u, _) => new Unknown($"{u.Text}[{key}]"),
            (_, Unknown u) => new Unknown($"[{u.Text}]"),
            (List<object?> l, long i) => l[(int)i],
            (Dictionary<string, object?> d, string k) => d[k],
            _ => throw new InvalidOperationException($"cannot index {target} with {key}"),
        };

        private object? Invoke(Call c)
        {
            _owner._result.FunctionsUsed.Add(c.Name);
            switch (c.Name.ToLowerInvariant())
            {
                case "if":
                    var cond = Eval(c.Args[0]);
                    if (cond is Unknown u) return new Unknown($"if({u.Text})");
                    return AsBool(cond) ? Eval(c.Args[1]) : Eval(c.Args[2]);
                case "lambda":
                    return new Lambda(c.Args.Take(c.Args.Count - 1).Select(a => AsString(Eval(a))).ToList(), c.Args[^1]);
            }
            var args = c.Args.Select(Eval).ToList();
            return c.Name.ToLowerInvariant() switch
            {
                "parameters" => _parameters.TryGetValue(AsString(args[0]), out var p) ? p : throw new KeyNotFoundException($"{_path}: parameter {args[0]}"),
                "variables" => Variable(AsString(args[0])),
                "lambdavariables" => _lambdaScopes.First(s => s.ContainsKey(AsString(args[0])))[AsString(args[0])],
                "copyindex" => (_copyIndex ?? throw new InvalidOperationException("copyIndex() outside a copy loop")) + (args.Count > 0 && args[^1] is long offset ? offset : 0),
                "format" => Format(AsString(args[0]), args.Skip(1).ToList()),
                "concat" => args.Count > 0 && args[0] is List<object?> ? args.SelectMany(a => (List<object?>)a!).ToList() : string.Concat(args.Select(Text)),
                "createobject" => CreateObject(args),
                "createarray" => args.ToList(),
                "union" => Union(args),
                "equals" => AnyUnknown(args) ?? ValueEquals(args[0], args[1]),
                "not" => AnyUnknown(args) ?? !AsBool(args[0]),
                "and" => AnyUnknown(args) ?? args.All(AsBool),
                "or" => AnyUnknown(args) ?? args.Any(AsBool),
                "greater" => AnyUnknown(args) ?? (AsLong(args[0]) > AsLong(args[1])),
                "greaterorequals" => AnyUnknown(args) ?? (AsLong(args[0]) >= AsLong(args[1])),
                "less" => AnyUnknown(args) ?? (AsLong(args[0]) < AsLong(args[1])),
                "empty" => AnyUnknown(args) ?? args[0] switch { null => true, string s => s.Length == 0, List<object?> l => l.Count == 0, Dictionary<string, object?> d => d.Count == 0, _ => false },
                "length" => AnyUnknown(args) ?? (object)(long)(args[0] switch { string s => s.Length, List<object?> l => l.Count, Dictionary<string, object?> d => d.Count, _ => throw new InvalidOperationException("length") }),
                "tolower" => AnyUnknown(args) ?? AsString(args[0]).ToLowerInvariant(),
                "toupper" => AnyUnknown(args) ?? AsString(args[0]).ToUpperInvariant(),
                "split" => AnyUnknown(args) ?? AsString(args[0]).Split(AsString(args[1])).Cast<object?>().ToList(),
                "join" => AnyUnknown(args) ?? string.Join(AsString(args[1]), ((List<object?>)args[0]!).Select(Text)),
                "contains" => AnyUnknown(args) ?? args[0] switch { string s => s.Contains(AsString(args[1]), StringComparison.Ordinal), List<object?> l => l.Any(x => ValueEquals(x, args[1])), Dictionary<string, object?> d => d.ContainsKey(AsString(args[1])), _ => false },
                "first" => ((List<object?>)args[0]!)[0],
                "last" => ((List<object?>)args[0]!)[^1],
                "flatten" => ((List<object?>)args[0]!).SelectMany(x => (List<object?>)x!).ToList(),
                "range" => Enumerable.Range((int)AsLong(args[0]), (int)AsLong(args[1])).Select(i => (object?)(long)i).ToList(),
                "map" => Map((List<object?>)args[0]!, (Lambda)args[1]!),
                "string" => Text(args[0]),
                "int" => args[0] is string s ? long.Parse(s, CultureInfo.InvariantCulture) : args[0],
                "bool" => args[0] is string s ? bool.Parse(s) : args[0],
                "true" => true,
                "false" => false,
                "null" => null,
                "uniquestring" => "u" + Hash(args, 12),
                "guid" => Guid(args),
                "subscription" => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["subscriptionId"] = SubscriptionId, ["id"] = $"/subscriptions/{SubscriptionId}", ["tenantId"] = TenantId },
                "tenant" => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["tenantId"] = TenantId },
                "resourcegroup" => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["name"] = _resourceGroup, ["id"] = $"/subscriptions/{SubscriptionId}/resourceGroups/{_resourceGroup}", ["location"] = "resourcegrouplocation" },
                "deployment" => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["name"] = _path },
                "environment" => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
                {
                    ["name"] = "AzureCloud",
                    ["suffixes"] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["storage"] = "core.windows.net" },
                    ["authentication"] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["loginEndpoint"] = "https://login.microsoftonline.com/" },
                },
                "fail" => throw new DeploymentFailedException(_path, AsString(args[0])),
                "resourceid" => ResourceIdOf(args),
                "subscriptionresourceid" => $"/subscriptions/{SubscriptionId}/providers/{AsString(args[0])}/{string.Join('/', args.Skip(1).Select(Text))}",
                "reference" => Reference(args),
                _ => new Unknown($"{c.Name}(...)"),
            };
        }

        private object? Variable(string name)
        {
            if (_variables.TryGetValue(name, out var v)) return v;
            var decl = _template["variables"]?[name] ?? throw new KeyNotFoundException($"{_path}: variable {name}");
            return _variables[name] = Eval(Json.FromNode(decl));
        }

        private object? Reference(List<object?> args)
        {
            if (args[0] is string sym && _symbols.TryGetValue(sym, out var node))
            {
                if (IsDeployment(node)) return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["outputs"] = DeploymentOutputs(sym) };
                var rg = node["resourceGroup"] is { } rgNode ? AsString(Eval(Json.FromNode(rgNode))) : _resourceGroup;
                var id = ArmIds.ResourceId(SubscriptionId, rg, (string)node["type"]!, AsString(Eval(Json.FromNode(node["name"]))).Split('/'));
                return new Unknown($"reference({id})");
            }
            return new Unknown($"reference({Text(args[0])})");
        }

        private object? Map(List<object?> items, Lambda lambda)
        {
            var result = new List<object?>();
            foreach (var item in items)
            {
                _lambdaScopes.Push(new Dictionary<string, object?> { [lambda.Parameters[0]] = item });
                try { result.Add(Eval(lambda.Body)); } finally { _lambdaScopes.Pop(); }
            }
            return result;
        }

        private string ResourceIdOf(List<object?> args)
        {
            var typeAt = args.FindIndex(a => a is string s && s.Contains('/') && s.Contains('.'));
            var rg = typeAt >= 1 ? Text(args[typeAt - 1]) : _resourceGroup;
            return ArmIds.ResourceId(SubscriptionId, rg, AsString(args[typeAt]), args.Skip(typeAt + 1).Select(Text).ToList());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static object? AnyUnknown(List<object?> args) => args.OfType<Unknown>().FirstOrDefault();

    private static string Text(object? v) => v switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        Unknown u => u.ToString(),
        _ => System.Text.Json.JsonSerializer.Serialize(v),
    };

    private static string AsString(object? v) => v as string ?? Text(v);
    private static long AsLong(object? v) => v is long l ? l : throw new InvalidOperationException($"number expected, got {v}");
    private static bool AsBool(object? v) => v is bool b ? b : throw new InvalidOperationException($"bool expected, got {v}");

    private static bool ValueEquals(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase),
        _ => Equals(a, b),
    };

    private static string Format(string format, List<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{') { sb.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}') { sb.Append('}'); i++; continue; }
            if (c == '{')
            {
                var end = format.IndexOf('}', i);
                var spec = format[(i + 1)..end];
                sb.Append(Text(args[int.Parse(spec.Split(':')[0], CultureInfo.InvariantCulture)]));
                i = end;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static Dictionary<string, object?> CreateObject(List<object?> args)
    {
        var d = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i += 2) d[AsString(args[i])] = args[i + 1];
        return d;
    }

    private static object? Union(List<object?> args)
    {
        if (args[0] is List<object?>) return args.SelectMany(a => (List<object?>)a!).Distinct().ToList();
        var d = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in args.Cast<Dictionary<string, object?>>())
            foreach (var (k, v) in o) d[k] = v;
        return d;
    }

    private static string Hash(List<object?> args, int length) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", args.Select(Text)))))[..length].ToLowerInvariant();

    private static string Guid(List<object?> args)
    {
        var h = Hash(args, 32);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..32]}";
    }
}
