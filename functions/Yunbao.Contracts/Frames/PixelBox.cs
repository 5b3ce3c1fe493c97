namespace Yunbao.Contracts.Frames;

/// <summary>A box in image pixels.</summary>
public readonly record struct PixelBox(int X, int Y, int W, int H);
