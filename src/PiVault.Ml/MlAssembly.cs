namespace PiVault.Ml;

/// <summary>Marks the assembly; the features live in its folders (sessions, models, OCR, CLIP).</summary>
internal static class MlAssembly;
