using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Grains.Interfaces.Errors;
using Npgsql;

namespace HomeUniteUs.Tests.Unit.Access;

/// <summary>
/// The one way identity code calls Cognito: what leaves it for each kind of failure, and what the caller's
/// own table, its expected errors and its undo see.
/// </summary>
public sealed class CognitoCallsTests
{
    private static CognitoException Cognito(string name, string message = "Cognito says so") => new("Op", name, message, 400);

    private static Func<Task> Failing(Exception e) => () => Task.FromException(e);

    [Fact]
    public async Task A_Cognito_error_leaves_as_the_API_error_of_the_default_table()
    {
        var error = await Assert.ThrowsAsync<HuuException>(() => CognitoCalls.Call(Failing(Cognito(CognitoErrorNames.UserNotFound))));
        Assert.Equal((404, ErrorCodes.UserNotFound), (error.Status, error.Code));
    }

    [Fact]
    public async Task A_flow_with_its_own_table_maps_through_it()
    {
        var error = await Assert.ThrowsAsync<HuuException>(() =>
            CognitoCalls.Call(Failing(Cognito(CognitoErrorNames.NotAuthorized)), CognitoErrors.MapSignIn));
        Assert.Equal((401, ErrorCodes.WrongCredentials), (error.Status, error.Code));
    }

    [Fact]
    public async Task An_unreachable_Cognito_is_503()
    {
        var error = await Assert.ThrowsAsync<HuuException>(() => CognitoCalls.Call(Failing(new CognitoUnavailableException("Op", "down"))));
        Assert.Equal((503, ErrorCodes.ServiceUnavailable), (error.Status, error.Code));
    }

    [Fact]
    public async Task A_domain_error_and_a_database_outage_pass_unchanged()
    {
        var domain = HuuException.Conflict("taken");
        Assert.Same(domain, await Assert.ThrowsAsync<HuuException>(() => CognitoCalls.Call(Failing(domain))));

        // Not AUTH999: the grain boundary turns the outage into the database's 503.
        var outage = new NpgsqlException("connection refused");
        Assert.Same(outage, await Assert.ThrowsAsync<NpgsqlException>(() => CognitoCalls.Call(Failing(outage))));
    }

    [Fact]
    public async Task An_expected_Cognito_error_is_returned_and_any_other_still_thrown()
    {
        var gone = Cognito(CognitoErrorNames.UserNotFound);
        Assert.Same(gone, await CognitoCalls.Call(Failing(gone), expected: CognitoCalls.Named(CognitoErrorNames.UserNotFound)));
        Assert.Null(await CognitoCalls.Call(() => Task.CompletedTask, expected: CognitoCalls.Named(CognitoErrorNames.UserNotFound)));

        var error = await Assert.ThrowsAsync<HuuException>(() =>
            CognitoCalls.Call(Failing(Cognito(CognitoErrorNames.LimitExceeded)), expected: CognitoCalls.Named(CognitoErrorNames.UserNotFound)));
        Assert.Equal(429, error.Status);
    }

    [Fact]
    public async Task Undo_sees_Cognitos_own_error_before_it_is_mapped_and_only_on_failure()
    {
        var seen = new List<Exception>();
        Task Undo(Exception e)
        {
            seen.Add(e);
            return Task.CompletedTask;
        }

        var exists = Cognito(CognitoErrorNames.UsernameExists);
        var error = await Assert.ThrowsAsync<HuuException>(() => CognitoCalls.Call(Failing(exists), undo: Undo));
        Assert.Equal(ErrorCodes.UserExists, error.Code);
        Assert.Same(exists, Assert.Single(seen));

        await CognitoCalls.Call(() => Task.CompletedTask, undo: Undo);
        Assert.Single(seen);
    }

    [Fact]
    public async Task A_value_comes_back_through_the_same_call()
    {
        Assert.Equal(42, await CognitoCalls.Call(() => Task.FromResult(42)));
        var error = await Assert.ThrowsAsync<HuuException>(() => CognitoCalls.Call<int>(() => throw Cognito(CognitoErrorNames.InternalError)));
        Assert.Equal((500, ErrorCodes.CognitoOther), (error.Status, error.Code));
    }
}
