using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Google;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>
/// A silo dies in a Google sign-up after the store write and before the group assignment (HUU_CRASH_AT); the next
/// silo's start-up sweep undoes it: no stored user and no federated Cognito user, so the person can sign up again.
/// </summary>
public sealed class InterruptedGoogleSignUpTests
{
    [Fact]
    public async Task A_Google_sign_up_interrupted_after_the_store_write_is_undone_by_the_next_silo()
    {
        var stack = new CrashingGoogleStack();
        try
        {
            await stack.InitializeAsync();
            var person = GoogleUser.New();
            using (var signUp = await stack.Post("sign_up", "/signup/guest", person))
            {
                await Error(signUp, HttpStatusCode.ServiceUnavailable, "OUTCOME_UNKNOWN");
            }

            Assert.NotEqual(0, await stack.Silos[0].WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, person.Email));
            Assert.True(await stack.Hosted.Exists(person));
            Assert.Empty(await stack.Hosted.Groups(person));

            stack.Environment.Remove("HUU_CRASH_AT");
            stack.StartSilo();
            await stack.WaitUntilReady(TimeSpan.FromSeconds(180));
            for (var i = 0; i < 120 && (await StoredUsers.Count(stack.ConnectionString, person.Email) > 0 || await stack.Hosted.Exists(person)); i++)
            {
                await Task.Delay(500);
            }

            Assert.Equal(0, await StoredUsers.Count(stack.ConnectionString, person.Email));
            Assert.False(await stack.Hosted.Exists(person));

            // The hosted UI federates the person again; the sign-up now goes through.
            var again = new GoogleUser(person.Email, person.GivenName, person.FamilyName);
            using var retry = await stack.Post("sign_up", "/signup/guest", again);
            Assert.Equal("guest", (await Json(retry, HttpStatusCode.OK)).GetProperty("user").GetProperty("role").GetProperty("type").GetString());
            Assert.Equal(["Guests"], await stack.Hosted.Groups(again));
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private sealed class CrashingGoogleStack : GoogleStack
    {
        /// <summary>No development seeding: the sweep after the crash has only this sign-up to undo.</summary>
        protected override string HuuEnvironment => "test";

        protected override async Task ConfigureAsync(Dictionary<string, string> environment)
        {
            await base.ConfigureAsync(environment);
            environment["HUU_CRASH_AT"] = "google-signup-after-store";
        }
    }
}
