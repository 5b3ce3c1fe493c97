using System.Globalization;
using System.Text;

namespace Yunbao.Infra.Tests.Arm;

public sealed record Index(ArmNode Target, ArmNode Key) : ArmNode;
