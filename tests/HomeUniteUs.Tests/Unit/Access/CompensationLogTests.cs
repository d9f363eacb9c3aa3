using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.Access.Cognito;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeUniteUs.Tests.Unit.Access;

/// <summary>The compensation log on its own: what each step writes, and what undo and recovery touch in which order.</summary>
public sealed class CompensationLogTests
{
    private readonly StoredFlow flow = new();
    private readonly RecordingCompensations store = new();

    private CompensationLog Log => new(flow, store, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task A_flow_is_written_before_it_touches_anything_and_cleared_when_complete()
    {
        await Log.Begin(FlowKind.SignUp, "a@b.co", 7);
        Assert.Equal((FlowKind.SignUp, 7L, 1), (flow.Stored!.Pending!.Kind, flow.Stored.Pending.UserId, flow.Writes));

        await Log.Remember("sub-7");
        Assert.Equal("sub-7", flow.Stored.Pending!.Sub);

        await Log.Complete(7, "sub-7");
        Assert.Null(flow.Stored.Pending);
        Assert.Equal((7L, "sub-7"), (flow.Stored.UserId, flow.Stored.Sub));
        Assert.Equal(new[] { "activate 7", "bind sub-7 7" }, store.Calls);
    }

    [Fact]
    public async Task Undo_removes_the_case_the_user_the_account_and_the_binding()
    {
        await Log.Begin(FlowKind.Invite, "a@b.co", 8);
        await Log.Remember("sub-8");

        Assert.True(await Log.Undo(new InvalidOperationException("group missing")));

        Assert.Equal(new[] { "delete case 8", "delete user 8", "delete account", "unbind sub-8" }, store.Calls);
        Assert.Null(flow.Stored!.Pending);
    }

    [Fact]
    public async Task An_account_that_already_existed_is_never_deleted_by_undo()
    {
        await Log.Begin(FlowKind.SignUp, "a@b.co", 9);

        Assert.True(await Log.Undo(new CognitoException("SignUp", CognitoErrorNames.UsernameExists, "exists", 400)));

        Assert.DoesNotContain("delete account", store.Calls);
        Assert.Contains("delete user 9", store.Calls);
    }

    [Fact]
    public async Task A_refused_rollback_stays_pending_and_recovery_finishes_it_once_Cognito_answers()
    {
        await Log.Begin(FlowKind.SignUp, "a@b.co", 10);
        await Log.Remember("sub-10");
        store.CognitoDown = true;

        Assert.False(await Log.Undo(new CognitoUnavailableException("SignUp", "reply lost")));
        Assert.NotNull(flow.Stored!.Pending);
        Assert.False(await Log.Recover());

        store.CognitoDown = false;
        Assert.True(await Log.Recover());
        Assert.Null(flow.Stored.Pending);
        Assert.Equal("unbind sub-10", store.Calls[^1]);
    }

    [Fact]
    public async Task Recovery_finishes_an_interrupted_delete_rather_than_undoing_it()
    {
        await Log.Begin(FlowKind.SignUp, "a@b.co", 11);
        await Log.Complete(11, "sub-11");
        await Log.BeginDelete(11);
        store.Calls.Clear();

        Assert.True(await Log.Recover());

        Assert.Equal(new[] { "delete account", "delete case 11", "delete user 11", "unbind sub-11" }, store.Calls);
        Assert.Null(flow.Stored!.UserId);
        Assert.Null(flow.Stored.Pending);
    }

    [Fact]
    public async Task Recovery_without_a_pending_flow_touches_nothing()
    {
        Assert.True(await Log.Recover());
        Assert.Empty(store.Calls);
        Assert.Equal(0, flow.Writes);
    }

    /// <summary>The flow row as the storage provider would keep it: a JSON copy taken at each write.</summary>
    private sealed class StoredFlow : IPersistentState<IdentityFlowState>
    {
        public IdentityFlowState State { get; set; } = new();

        public IdentityFlowState? Stored { get; private set; }

        public int Writes { get; private set; }

        public string? Etag => null;

        public bool RecordExists => Stored is not null;

        public Task ClearStateAsync() => throw new NotSupportedException();

        public Task ReadStateAsync() => throw new NotSupportedException();

        public Task WriteStateAsync()
        {
            Stored = System.Text.Json.JsonSerializer.Deserialize<IdentityFlowState>(System.Text.Json.JsonSerializer.Serialize(State));
            Writes++;
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingCompensations : IIdentityCompensations
    {
        public List<string> Calls { get; } = [];

        public bool CognitoDown { get; set; }

        public Task ActivateUser(long userId) => Record($"activate {userId}");

        public Task DeleteUser(long userId) => Record($"delete user {userId}");

        public Task DeleteCase(long userId) => Record($"delete case {userId}");

        public Task Bind(string sub, long userId) => Record($"bind {sub} {userId}");

        public Task Unbind(string sub) => Record($"unbind {sub}");

        public Task DeleteCognitoAccount() =>
            CognitoDown ? throw CognitoErrors.Map(new CognitoUnavailableException("AdminDeleteUser", "refused")) : Record("delete account");

        private Task Record(string call)
        {
            Calls.Add(call);
            return Task.CompletedTask;
        }
    }
}
