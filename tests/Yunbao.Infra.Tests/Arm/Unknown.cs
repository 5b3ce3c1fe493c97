using System.Globalization;
using System.Text;

namespace Yunbao.Infra.Tests.Arm;

/// <summary>A value the template only knows at deployment time (a reference() result, a principal id).</summary>
public sealed record Unknown(string Text)
{
    public override string ToString() => $"⟨{Text}⟩";
}
