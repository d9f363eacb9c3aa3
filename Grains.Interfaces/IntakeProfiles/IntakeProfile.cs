namespace HomeUniteUs.Grains.Interfaces.IntakeProfiles;

/// <summary>
/// A user's intake profile as the API shows it. The profile id is the user id: one profile per
/// user, answering form 1 (guest) or form 2 (host). Responses follow the form's field order.
/// <see cref="UpdatedAt"/> is <see cref="DateTimeOffset.MinValue"/> while the profile is NEW and untouched.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record IntakeProfile(
    long UserId,
    int FormId,
    string Status,
    IReadOnlyList<IntakeResponse> Responses,
    DateTimeOffset UpdatedAt,
    string? ReviewNote);
