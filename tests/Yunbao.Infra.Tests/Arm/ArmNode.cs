using System.Globalization;
using System.Text;

namespace Yunbao.Infra.Tests.Arm;

public abstract record ArmNode;
