namespace PiVault.Server.Features.Ml;

/// <summary>One ML feature: whether it runs, on which model, and when off why (a sentence for the admin).</summary>
public sealed record MlFeatureDto(string Feature, string Label, string? Model, bool On, string? Reason);

/// <summary>GET /api/v1/ml/features, and the health page's ML section: the features and how many model sessions are in memory.</summary>
public sealed record MlStatusDto(List<MlFeatureDto> Features, int LoadedSessions);
