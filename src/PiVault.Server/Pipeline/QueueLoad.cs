namespace PiVault.Server.Pipeline;

/// <summary>
/// How much a step's work loads the board: light (metadata parsing), heavy (image decoding), ML (inference). A column of
/// the table of steps (<see cref="JobSteps"/>); the health governor throttles each queue by it.
/// </summary>
public enum QueueLoad
{
    Light,
    Heavy,
    Ml,
}
