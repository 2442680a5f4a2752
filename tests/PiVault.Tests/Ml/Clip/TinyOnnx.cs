using System.Runtime.InteropServices;
using System.Text;

namespace PiVault.Tests.Ml.Clip;

/// <summary>
/// A small ONNX writer for test graphs: the protobuf wire format of ModelProto written by hand (varints and
/// length-delimited fields, field numbers from onnx.proto), enough for a graph of a few nodes with float initializers.
/// ONNX Runtime then loads and runs it like any exported model. bench/ml links this file to write a full-size
/// ViT-B/32 image tower (bench/ml/Bench/VitB32Graph.cs).
/// </summary>
public sealed class TinyOnnx
{
    public const int FloatElements = 1;
    public const int Int32Elements = 6;
    public const int Int64Elements = 7;

    private readonly List<byte[]> nodes = [];
    private readonly List<byte[]> initializers = [];
    private readonly List<byte[]> inputs = [];
    private readonly List<byte[]> outputs = [];

    public TinyOnnx Input(string name, int elementType, params long[] shape)
    {
        inputs.Add(ValueInfo(name, elementType, shape));
        return this;
    }

    public TinyOnnx Output(string name, int elementType, params long[] shape)
    {
        outputs.Add(ValueInfo(name, elementType, shape));
        return this;
    }

    /// <summary>A float32 constant of the given shape (row-major values).</summary>
    public TinyOnnx Weights(string name, float[] values, params long[] shape) =>
        Initializer(name, FloatElements, MemoryMarshal.AsBytes(values.AsSpan()), shape);

    /// <summary>An int64 constant (a Reshape target shape, a Gather index; an empty shape is a scalar).</summary>
    public TinyOnnx Int64s(string name, long[] values, params long[] shape) =>
        Initializer(name, Int64Elements, MemoryMarshal.AsBytes(values.AsSpan()), shape);

    /// <summary>A node; <paramref name="ints"/> are INT attributes, <paramref name="intLists"/> INTS attributes.</summary>
    public TinyOnnx Node(string op, string[] nodeInputs, string[] nodeOutputs, Dictionary<string, long>? ints = null, Dictionary<string, long[]>? intLists = null)
    {
        var node = new Proto();
        Array.ForEach(nodeInputs, i => node.String(1, i));
        Array.ForEach(nodeOutputs, o => node.String(2, o));
        node.String(3, $"{op}_{nodes.Count}").String(4, op);
        foreach (var (name, value) in ints ?? [])
        {
            node.Message(5, new Proto().String(1, name).Varint(3, value).Varint(20, 2));
        }
        foreach (var (name, values) in intLists ?? [])
        {
            var attribute = new Proto().String(1, name);
            Array.ForEach(values, v => attribute.Varint(8, v));
            node.Message(5, attribute.Varint(20, 7));
        }
        nodes.Add(node.ToArray());
        return this;
    }

    /// <summary>ModelProto: IR version 8, default opset 17.</summary>
    public byte[] Build()
    {
        var graph = new Proto();
        nodes.ForEach(n => graph.Bytes(1, n));
        graph.String(2, "tiny");
        initializers.ForEach(t => graph.Bytes(5, t));
        inputs.ForEach(i => graph.Bytes(11, i));
        outputs.ForEach(o => graph.Bytes(12, o));
        return new Proto().Varint(1, 8).String(2, "PiVault.Tests").Message(7, graph).Message(8, new Proto().String(1, "").Varint(2, 17)).ToArray();
    }

    /// <summary>TensorProto: dims, data type, name, raw little-endian data.</summary>
    private TinyOnnx Initializer(string name, int elementType, ReadOnlySpan<byte> data, long[] shape)
    {
        var tensor = new Proto();
        foreach (var dim in shape)
        {
            tensor.Varint(1, dim);
        }
        tensor.Varint(2, elementType).String(8, name).Bytes(9, data.ToArray());
        initializers.Add(tensor.ToArray());
        return this;
    }

    private static byte[] ValueInfo(string name, int elementType, long[] shape)
    {
        var dims = new Proto();
        foreach (var dim in shape)
        {
            dims.Message(1, new Proto().Varint(1, dim));
        }
        var tensorType = new Proto().Varint(1, elementType).Message(2, dims);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType)).ToArray();
    }

    /// <summary>Protobuf fields, appended in order.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream stream = new();

        public Proto Varint(int field, long value)
        {
            Key(field, 0);
            Raw((ulong)value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            Key(field, 2);
            Raw((ulong)value.Length);
            stream.Write(value);
            return this;
        }

        public byte[] ToArray() => stream.ToArray();

        private void Key(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            stream.WriteByte((byte)value);
        }
    }
}
