using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace PiVault.Ml.Models;

/// <summary>
/// One inference of a model on blank inputs shaped from its own metadata (free dimensions: batch 1, others 32, which every
/// model here accepts): proves the session loads and runs in this build, e.g. the native AOT binary on the Pi.
/// </summary>
public static class ModelSmokeRun
{
    public static string Run(InferenceSession session, RunOptions options)
    {
        var inputs = session.InputMetadata.Select(input => Blank(input.Key, input.Value)).ToList();
        using var results = session.Run(inputs, session.OutputNames, options);
        return string.Join(", ", results.Select(r => $"{r.Name}[{string.Join('x', Shape(r))}]"));
    }

    private static NamedOnnxValue Blank(string name, NodeMetadata metadata)
    {
        var shape = metadata.Dimensions.Select((d, i) => d > 0 ? d : i == 0 ? 1 : 32).ToArray();
        return metadata.ElementDataType switch
        {
            TensorElementType.Float => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(shape)),
            TensorElementType.Int32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(shape)),
            TensorElementType.Int64 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(shape)),
            var other => throw new NotSupportedException($"input {name} is {other}: the smoke run only fills float and integer inputs"),
        };
    }

    private static int[] Shape(DisposableNamedOnnxValue value) => value.Value switch
    {
        Tensor<float> t => t.Dimensions.ToArray(),
        Tensor<int> t => t.Dimensions.ToArray(),
        Tensor<long> t => t.Dimensions.ToArray(),
        _ => [],
    };
}
