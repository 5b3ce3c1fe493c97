using System.Globalization;
using System.Text;

namespace Yunbao.Infra.Tests.Arm;

/// <summary>A lambda(...) value, applied by map().</summary>
public sealed record Lambda(IReadOnlyList<string> Parameters, ArmNode Body);
