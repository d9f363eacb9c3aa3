namespace HomeUniteUs.Grains.Access;

public sealed class SubjectGrain(
    [PersistentState(StateNames.CognitoSubject, StateNames.Store)] IPersistentState<SubjectState> subject) : Grain, ISubjectGrain, IMayBeUnknown
{
    public bool IsUnknown => subject.State.UserId is null;

    public async Task Bind(long userId, string email)
    {
        if (subject.State.UserId == userId && subject.State.Email == email)
        {
            return;
        }

        subject.State.UserId = userId;
        subject.State.Email = email;
        await subject.WriteStateAsync();
    }

    public Task<SubjectBinding?> Get() =>
        Task.FromResult(subject.State.UserId is { } id ? new SubjectBinding(id, subject.State.Email) : null);

    public async Task Unbind()
    {
        if (subject.State.UserId is not null)
        {
            await subject.ClearStateAsync();
            subject.State = new SubjectState();
        }
    }
}

public sealed class SubjectState
{
    public long? UserId { get; set; }
    public string Email { get; set; } = string.Empty;
}
