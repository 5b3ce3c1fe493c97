using System.Globalization;
using System.Text;

namespace Yunbao.Infra.Tests.Arm;

public sealed record Call(string Name, IReadOnlyList<ArmNode> Args) : ArmNode;
