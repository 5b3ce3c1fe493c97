using System.Buffers.Binary;
using System.IO.Compression;

namespace Yunbao.Domain.Heatmaps;

/// <summary>
/// A minimal PNG writer for heat tiles: 8-bit paletted (PLTE + tRNS), filter "None", zlib at its fastest level.
/// A heat tile has at most 256 colours (the ramp's levels) and is mostly transparent, so one byte a pixel is a quarter
/// of RGBA's data, long runs of level 0 compress to almost nothing, and no row filter is worth its time.
/// </summary>
public static class PalettePng
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <param name="indices">One palette index per pixel, row-major.</param>
    /// <param name="paletteRgba">4 bytes (RGBA) per palette entry, 1..256 entries.</param>
    public static byte[] Encode(ReadOnlySpan<byte> indices, int width, int height, ReadOnlySpan<byte> paletteRgba)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (indices.Length != width * height) throw new ArgumentException($"Expected {width * height} indices, got {indices.Length}.", nameof(indices));
        var entries = paletteRgba.Length / 4;
        if (entries is < 1 or > 256 || paletteRgba.Length % 4 != 0) throw new ArgumentException("Palette needs 1..256 RGBA entries.", nameof(paletteRgba));

        using var output = new MemoryStream(1024);
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;   // bit depth
        header[9] = 3;   // colour type: palette
        WriteChunk(output, "IHDR"u8, header);

        Span<byte> rgb = stackalloc byte[entries * 3];
        Span<byte> alpha = stackalloc byte[entries];
        for (var e = 0; e < entries; e++)
        {
            rgb[e * 3] = paletteRgba[e * 4];
            rgb[e * 3 + 1] = paletteRgba[e * 4 + 1];
            rgb[e * 3 + 2] = paletteRgba[e * 4 + 2];
            alpha[e] = paletteRgba[e * 4 + 3];
        }
        WriteChunk(output, "PLTE"u8, rgb);
        WriteChunk(output, "tRNS"u8, alpha);

        using (var compressed = new MemoryStream(4096))
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                Span<byte> filter = [0];
                for (var y = 0; y < height; y++)
                {
                    zlib.Write(filter);
                    zlib.Write(indices.Slice(y * width, width));
                }
            }
            WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(MemoryStream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        var table = CrcTable;
        foreach (var b in data) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
