using System.Text;

namespace Yunbao.Edge.Modules.Tests.Recognition;

/// <summary>
/// Writes a tiny ONNX model by hand (the protobuf wire format, no ONNX tooling): input `images` [1, 3, S, S]; output 0
/// `output0` a Constant of known YOLOv8-layout boxes [1, 4 + C, N]; output 1 `mean` = ReduceMean(images), so a test can
/// see what the pre-processing fed the model.
/// </summary>
internal static class TinyOnnxModel
{
    public static byte[] Build(int size, int attributes, int anchors, float[] boxes)
    {
        var tensor = Message(w =>
        {
            foreach (var d in new long[] { 1, attributes, anchors }) w.Varint(1, d);   // dims
            w.Varint(2, 1);                                                          // FLOAT
            var raw = new byte[boxes.Length * 4];
            Buffer.BlockCopy(boxes, 0, raw, 0, raw.Length);
            w.Bytes(9, raw);                                                         // raw_data (little-endian)
        });
        var constant = Message(w =>
        {
            w.String(2, "output0");
            w.String(3, "boxes");
            w.String(4, "Constant");
            w.Bytes(5, Message(a => { a.String(1, "value"); a.Bytes(5, tensor); a.Varint(20, 4); }));  // TENSOR attribute
        });
        var mean = Message(w => { w.String(1, "images"); w.String(2, "mean"); w.String(3, "reduce"); w.String(4, "ReduceMean"); });
        var graph = Message(w =>
        {
            w.Bytes(1, constant);
            w.Bytes(1, mean);
            w.String(2, "tiny-yolo-test");
            w.Bytes(11, ValueInfo("images", [1, 3, size, size]));
            w.Bytes(12, ValueInfo("output0", [1, attributes, anchors]));
            w.Bytes(12, ValueInfo("mean", [1, 1, 1, 1]));
        });
        return Message(w =>
        {
            w.Varint(1, 8);                                                           // ir_version
            w.String(2, "yunbao-tests");
            w.Bytes(7, graph);
            w.Bytes(8, Message(o => { o.String(1, ""); o.Varint(2, 13); }));          // opset 13
        });
    }

    private static byte[] ValueInfo(string name, long[] shape) => Message(w =>
    {
        w.String(1, name);
        w.Bytes(2, Message(t => t.Bytes(1, Message(tt =>
        {
            tt.Varint(1, 1);
            tt.Bytes(2, Message(s => { foreach (var d in shape) s.Bytes(1, Message(dim => dim.Varint(1, d))); }));
        }))));
    });

    private static byte[] Message(Action<Writer> fill)
    {
        var w = new Writer();
        fill(w);
        return w.ToArray();
    }

    private sealed class Writer
    {
        private readonly MemoryStream _stream = new();

        public void Varint(int field, long value) { Raw((ulong)(field << 3)); Raw((ulong)value); }
        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));
        public void Bytes(int field, byte[] value) { Raw((ulong)((field << 3) | 2)); Raw((ulong)value.Length); _stream.Write(value); }
        public byte[] ToArray() => _stream.ToArray();

        private void Raw(ulong v)
        {
            while (v >= 0x80) { _stream.WriteByte((byte)(v | 0x80)); v >>= 7; }
            _stream.WriteByte((byte)v);
        }
    }
}
