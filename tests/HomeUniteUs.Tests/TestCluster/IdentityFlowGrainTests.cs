using HomeUniteUs.Grains.Access;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Tests.Infrastructure;
using Npgsql;

namespace HomeUniteUs.Tests.TestCluster;

[Collection(GrainClusterCollection.Name)]
public sealed class IdentityFlowGrainTests(GrainCluster cluster)
{
    private IIdentityFlowGrain Person(string email) => cluster.Grains.IdentityOf(email);

    private string ConnectionString => SharedServers.ConnectionString(cluster.Environment["DATABASE_URL"]);

    [Fact]
    public async Task A_Cognito_failure_after_the_store_and_the_account_were_written_rolls_both_back()
    {
        var cognito = CognitoAdmin.For(cluster.Environment);
        var email = TestAccounts.NewEmail("coordinator");

        // Without its group, AdminAddUserToGroup fails after the store user and the Cognito account exist.
        await cognito.DeleteGroupAsync("Coordinators");
        try
        {
            var error = await Assert.ThrowsAsync<HuuException>(() =>
                Person(email).SignUp(new SignUpCommand(email, TestAccounts.Password, "Cora", null, "Ordinator", UserRoles.Coordinator)));
            // A missing group is the pool's misconfiguration, not the caller's mistake.
            Assert.Equal(ErrorCodes.CognitoOther, error.Code);
            Assert.Equal(500, error.Status);
        }
        finally
        {
            await cognito.CreateGroupAsync("Coordinators");
        }

        Assert.Equal(0, await StoredUsers.Count(ConnectionString, email));
        Assert.False(await cognito.HasAccount(email));
        Assert.Null(await Person(email).UserId());

        await Person(email).SignUp(new SignUpCommand(email, TestAccounts.Password, "Cora", null, "Ordinator", UserRoles.Coordinator));
        var userId = await Person(email).UserId();
        Assert.NotNull(userId);
        Assert.Equal(UserRoles.Coordinator, (await cluster.Grains.GetGrain<IUserGrain>(userId.Value).Get())?.Role);
        Assert.True(await cognito.HasAccount(email));
    }

    [Fact]
    public async Task The_identity_flow_grain_keeps_the_grain_type_and_state_name_its_stored_flows_were_written_under()
    {
        var email = TestAccounts.NewEmail("Pinned");
        Assert.Equal("cognito", Person(email).GetGrainId().Type.ToString());

        await Person(email).SignUp(new SignUpCommand(email, TestAccounts.Password, "Pia", null, null, UserRoles.Host));

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'cognitoFlow' AND payloadjson ->> 'Email' = @key AND (payloadjson ->> 'UserId')::bigint = @id", connection);
        command.Parameters.AddWithValue("key", Emails.Key(email));
        command.Parameters.AddWithValue("id", (await Person(email).UserId())!.Value);
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Concurrent_sign_ups_on_two_silos_make_one_user()
    {
        var email = TestAccounts.NewEmail("race");
        var attempts = Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await Person(email).SignUp(new SignUpCommand(email, TestAccounts.Password, "Race", null, null, UserRoles.Host));
                return true;
            }
            catch (HuuException e) when (e.Code == ErrorCodes.UserExists)
            {
                return false;
            }
        });
        Assert.Single(await Task.WhenAll(attempts), succeeded => succeeded);
        Assert.Equal(1, await StoredUsers.Count(ConnectionString, email));
    }

    [Fact]
    public async Task Sign_out_revokes_the_token_and_tokens_issued_before_it()
    {
        var email = TestAccounts.NewEmail("guest");
        await Person(email).SignUp(new SignUpCommand(email, TestAccounts.Password, "Gus", null, null, UserRoles.Guest));
        var user = cluster.Grains.GetGrain<IUserGrain>((await Person(email).UserId())!.Value);
        var now = DateTimeOffset.UtcNow;
        var token = new TokenFacts("jti-1", "origin-1", now.AddMinutes(-1), now.AddHours(1));
        var otherSession = new TokenFacts("jti-2", "origin-2", now.AddMinutes(-2), now.AddHours(1));
        Assert.NotNull(await user.Authenticate(token));

        await user.SignOut(token);

        Assert.Null(await user.Authenticate(token));
        Assert.Null(await user.Authenticate(otherSession));
        Assert.NotNull(await user.Authenticate(new TokenFacts("jti-3", "origin-3", DateTimeOffset.UtcNow.AddSeconds(2), now.AddHours(1))));
    }

    [Fact]
    public async Task Unknown_emails_at_sign_in_and_forgot_password_leave_no_identity_grain_in_memory()
    {
        const int Emails = 200;
        const int Bound = 10;
        var before = await IdentityActivations();
        await Parallel.ForEachAsync(Enumerable.Range(0, Emails), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var error = await Assert.ThrowsAsync<HuuException>(() => Person(TestAccounts.NewEmail("unknown")).SignIn("Wr0ng!Password"));
            Assert.Equal(ErrorCodes.UserNotFound, error.Code);
            await Person(TestAccounts.NewEmail("unknown")).ForgotPassword();
        });

        // Deactivation follows each call at once; give the silos a moment to finish it.
        var after = await IdentityActivations();
        for (var i = 0; i < 50 && after - before > Bound; i++)
        {
            await Task.Delay(100);
            after = await IdentityActivations();
        }

        Assert.True(after - before <= Bound, $"{after - before} identity grains stayed active after {2 * Emails} unknown emails");
    }

    [Fact]
    public async Task A_known_person_stays_in_memory_between_calls()
    {
        // Counted before the person exists: a grain dropped after each call would leave the count where it was.
        var before = await IdentityActivations();
        var email = TestAccounts.NewEmail("kept");
        await Person(email).SignUp(new SignUpCommand(email, TestAccounts.Password, "Kept", null, null, UserRoles.Host));
        await Person(email).ForgotPassword();

        // An unknown email's grain goes as its call returns (the test above waits up to 5 s for 200 of them); a
        // known one must still be there after the same time.
        var after = await IdentityActivations();
        for (var i = 0; i < 50 && after == before + 1; i++)
        {
            await Task.Delay(100);
            after = await IdentityActivations();
        }

        Assert.Equal(before + 1, after);
        Assert.Contains(await IdentityGrainIds(), id => id.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<List<string>> IdentityGrainIds()
    {
        var statistics = await cluster.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. statistics.Where(s => s.GrainType.Contains(nameof(IdentityFlowGrain), StringComparison.Ordinal)).Select(s => s.GrainId.ToString())];
    }

    private async Task<int> IdentityActivations()
    {
        var statistics = await cluster.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(IdentityFlowGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
