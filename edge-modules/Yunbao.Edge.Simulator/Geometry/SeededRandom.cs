using System.Text;

namespace Yunbao.Edge.Simulator.Geometry;

/// <summary>
/// A small deterministic generator (SplitMix64). The simulation derives a fresh stream from (seed, key)
/// for every decision (a day's plan, a minute's speed), so results do not depend on how time was stepped
/// or in which order things were asked. string.GetHashCode and HashCode are randomised per process,
/// hence the explicit FNV-1a for keys.
/// </summary>
public sealed class SeededRandom
{
    private ulong _state;

    public SeededRandom(ulong state) => _state = state;

    public static SeededRandom For(int seed, string key) => new(Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ Fnv1a(key)));

    public static SeededRandom For(int seed, string key, long index) => new(Mix(Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ Fnv1a(key)) ^ (ulong)index));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Range(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [min, max] (inclusive).</summary>
    public int Between(int min, int max) => min + (int)(NextUInt64() % (ulong)(max - min + 1));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[(int)(NextUInt64() % (ulong)items.Count)];

    /// <summary>Standard normal (Box–Muller).</summary>
    public double Gaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string key)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(key)) { h ^= b; h *= 0x100000001B3UL; }
        return h;
    }
}
