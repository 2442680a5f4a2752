using PiVault.Ml.Models;

namespace PiVault.Ml.Ocr;

/// <summary>The files of the PP-OCR model set as models/manifest.json names them, and the settings of one OCR pass.</summary>
public static class OcrModel
{
    public const string Name = "PP-OCRv4";

    public static readonly ModelPart Detector = new(Name, "ch_PP-OCRv4_det_infer.onnx");
    public static readonly ModelPart Classifier = new(Name, "ch_ppocr_mobile_v2.0_cls_infer.onnx");
    public static readonly ModelPart Recognizer = new(Name, "ch_PP-OCRv4_rec_infer.onnx");
    public static readonly ModelPart Keys = new(Name, "ppocr_keys_v1.txt");
}

/// <summary>How one OCR pass reads a picture; the defaults are PaddleOCR's (and Immich's) for PP-OCRv4.</summary>
public sealed record OcrSettings
{
    /// <summary>The detector's input: the picture's longer side is scaled down to this (a multiple of 32), never up.</summary>
    public int DetectorSide { get; init; } = 736;

    public DbPostProcess PostProcess { get; init; } = new();

    /// <summary>The classifier turns a line over when it is at least this sure the line is upside down.</summary>
    public float FlipConfidence { get; init; } = 0.9f;

    /// <summary>Lines read with less confidence than this are dropped (PaddleOCR's drop_score).</summary>
    public float MinTextScore { get; init; } = 0.5f;

    /// <summary>The settings with the detector side from the model's manifest entry (inputSize) when it has one.</summary>
    public static OcrSettings From(ModelManifest manifest) =>
        manifest.Find(OcrModel.Name)?.InputSize is int side and > 0 ? new OcrSettings { DetectorSide = side } : new OcrSettings();
}
