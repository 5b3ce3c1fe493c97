using System.Diagnostics;
using System.Reflection;

namespace Yunbao.Infra.Tests;

public sealed record BicepResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n{StdOut}\n{StdErr}";
}
