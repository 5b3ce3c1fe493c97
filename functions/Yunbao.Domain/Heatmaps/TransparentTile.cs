namespace Yunbao.Domain.Heatmaps;

/// <summary>
/// A fully transparent 256×256 RGBA PNG: what the tile API serves for a tile the rollup did not write
/// (only tiles with heat are stored). Constant bytes, so every caller shares one cached array.
/// </summary>
public static class TransparentTile
{
    public const string ContentType = "image/png";

    // 256×256, 8-bit RGBA, every pixel (0,0,0,0); 334 bytes. Checked by decoding in the tests.
    private static readonly byte[] Bytes = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAQAAAAEACAYAAABccqhmAAABFUlEQVR42u3BMQEAAADCoPVP7WsIoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" +
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAeAMBPAAB2ClDBAAAAABJRU5ErkJggg==");

    public static ReadOnlyMemory<byte> Png => Bytes;
}
