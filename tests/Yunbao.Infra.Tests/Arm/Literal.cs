using System.Globalization;
using System.Text;

namespace Yunbao.Infra.Tests.Arm;

public sealed record Literal(object? Value) : ArmNode;
