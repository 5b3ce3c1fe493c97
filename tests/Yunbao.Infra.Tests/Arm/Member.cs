using System.Globalization;
using System.Text;

namespace Yunbao.Infra.Tests.Arm;

public sealed record Member(ArmNode Target, string Name) : ArmNode;
