namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>
/// Maps a Cognito subject (the token's <c>sub</c>) to our user; keyed by the sub.
/// Written when a flow learns the sub (sign-up, invite, sign-in, seeding).
/// </summary>
public interface ISubjectGrain : IGrainWithStringKey
{
    Task Bind(long userId, string email);

    Task<SubjectBinding?> Get();

    Task Unbind();
}

[GenerateSerializer, Immutable]
public sealed record SubjectBinding(long UserId, string Email);
