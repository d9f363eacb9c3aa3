using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Unit.Intake;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>A stack of its own: the test stops its only silo, which the shared stack's other tests must not see.</summary>
public sealed class IntakeRestartStack : ServiceStack;

public sealed class IntakeDurabilityTests(IntakeRestartStack stack) : IClassFixture<IntakeRestartStack>
{
    private readonly IntakeApi api = new(stack);

    [Fact]
    public async Task Answers_and_status_survive_a_silo_restart()
    {
        var guest = await IntakePeople.NewGuest(stack);
        var host = await IntakePeople.NewHost(stack);
        var guestAnswers = CompleteAnswers.Guest();
        await api.Save(guest, guestAnswers);
        await api.Save(host, CompleteAnswers.Host());
        using (var submit = await api.Submit(host.UserId, host.AccessToken))
        {
            await Json(submit, HttpStatusCode.OK);
        }

        var before = await api.Profile(guest, guest.UserId);

        await stack.Silos[0].Stop();
        stack.StartSilo();
        await stack.WaitUntilReady(TimeSpan.FromSeconds(180));

        var after = await EventuallyOk(() => api.GetProfile(guest.UserId, guest.AccessToken));
        Assert.Equal("IN_PROGRESS", after.GetProperty("status").GetString());
        Assert.Equal(guestAnswers.ToDictionary(a => a.Key, a => IntakeApi.Compact(a.Value)), IntakeApi.Answers(after));
        Assert.Equal(before.GetProperty("updatedAt").GetDateTimeOffset(), after.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal("SUBMITTED", (await api.Profile(host, host.UserId)).GetProperty("status").GetString());

        // And the restarted silo keeps working on the same state.
        await api.Save(guest, [KeyValuePair.Create("phone", "\"555-0100\"")]);
        Assert.Equal(guestAnswers.Count + 1, (await api.Profile(guest, guest.UserId)).GetProperty("responses").GetArrayLength());
    }

    /// <summary>The gateway may answer 503 for a moment while it finds the new silo.</summary>
    private static async Task<System.Text.Json.JsonElement> EventuallyOk(Func<Task<HttpResponseMessage>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await call();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return await Json(response, HttpStatusCode.OK);
            }

            await Task.Delay(500);
        }
    }
}
