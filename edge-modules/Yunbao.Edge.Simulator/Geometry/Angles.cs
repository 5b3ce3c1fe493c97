
namespace Yunbao.Edge.Simulator.Geometry;

public static class Angles
{
    /// <summary>Into 0..360.</summary>
    public static double Normalize(double deg) { deg %= 360; return deg < 0 ? deg + 360 : deg; }
    /// <summary>Signed difference a − b into −180..180.</summary>
    public static double Difference(double a, double b) { var d = Normalize(a - b); return d > 180 ? d - 360 : d; }
}
