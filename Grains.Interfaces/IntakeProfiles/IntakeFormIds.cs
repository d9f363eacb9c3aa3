namespace HomeUniteUs.Grains.Interfaces.IntakeProfiles;

/// <summary>The form each role answers; other roles have no intake profile.</summary>
public static class IntakeFormIds
{
    public const int Guest = 1;
    public const int Host = 2;
}
