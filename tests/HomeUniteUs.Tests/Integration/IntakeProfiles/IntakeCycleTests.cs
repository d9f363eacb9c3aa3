using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Unit.Intake;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>Fill, save, submit, review — through the gateway, with real accounts.</summary>
[Collection(GatewayCollection.Name)]
public sealed class IntakeCycleTests(ServiceStack stack)
{
    private readonly IntakeApi api = new(stack);

    [Fact]
    public async Task A_new_profile_is_NEW_with_no_answers_and_no_update_time()
    {
        var guest = await IntakePeople.NewGuest(stack);
        var host = await IntakePeople.NewHost(stack);

        var guestProfile = await api.Profile(guest, guest.UserId);
        Assert.Equal(guest.UserId, guestProfile.GetProperty("userId").GetInt64());
        Assert.Equal(1, guestProfile.GetProperty("formId").GetInt32());
        Assert.Equal("NEW", guestProfile.GetProperty("status").GetString());
        Assert.Empty(guestProfile.GetProperty("responses").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, guestProfile.GetProperty("updatedAt").ValueKind);

        Assert.Equal(2, (await api.Profile(host, host.UserId)).GetProperty("formId").GetInt32());
        using var responses = await api.GetResponses(host.UserId, host.AccessToken);
        Assert.Empty((await Json(responses, HttpStatusCode.OK)).GetProperty("responses").EnumerateArray());
    }

    [Fact]
    public async Task A_guest_saves_in_parts_submits_is_denied_by_their_coordinator_fixes_and_is_approved_by_an_admin()
    {
        var coordinator = await IntakePeople.NewCoordinator(stack);
        var guest = await IntakePeople.InvitedGuest(stack, coordinator);
        var admin = await IntakePeople.Admin(stack);
        var answers = CompleteAnswers.Guest();
        answers["additional_guests"] = """[{"name":"Sam","dob":"2015-03-01","relationship":"son"}]""";
        answers["has_pets"] = "\"yes\"";
        answers["pets"] = """[{"type":"cat"}]""";

        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var firstHalf = answers.Take(10).ToList();
        using (var put = await api.PutResponses(guest.UserId, guest.AccessToken, firstHalf))
        {
            Assert.Equal(firstHalf.ToDictionary(a => a.Key, a => IntakeApi.Compact(a.Value)), IntakeApi.Answers(await Json(put, HttpStatusCode.OK)));
        }

        var saved = await api.Save(guest, answers.Skip(10));
        Assert.Equal("IN_PROGRESS", saved.GetProperty("status").GetString());
        Assert.True(saved.GetProperty("updatedAt").GetDateTimeOffset() > before);
        Assert.Equal(answers.ToDictionary(a => a.Key, a => IntakeApi.Compact(a.Value)), IntakeApi.Answers(saved));

        using (var submit = await api.Submit(guest.UserId, guest.AccessToken))
        {
            Assert.Equal("SUBMITTED", (await Json(submit, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        using (var locked = await api.PutResponses(guest.UserId, guest.AccessToken, "first_name", "\"Anna\""))
        {
            await Error(locked, HttpStatusCode.Conflict, "CONFLICT");
        }

        // The coordinator reads what the guest submitted, and sends it back.
        Assert.Equal("SUBMITTED", (await api.Profile(coordinator, guest.UserId)).GetProperty("status").GetString());
        using (var deny = await api.Review(guest.UserId, coordinator.AccessToken, "DENIED", "Tell us more about your goals"))
        {
            var review = await Json(deny, HttpStatusCode.OK);
            Assert.Equal("IN_PROGRESS", review.GetProperty("status").GetString());
            Assert.Equal("DENIED", review.GetProperty("decision").GetString());
            Assert.Equal("Tell us more about your goals", review.GetProperty("reviewNote").GetString());
            Assert.Equal(guest.UserId, review.GetProperty("userId").GetInt64());
        }

        var reopened = await api.Profile(guest, guest.UserId);
        Assert.Equal("IN_PROGRESS", reopened.GetProperty("status").GetString());
        Assert.Equal("Tell us more about your goals", reopened.GetProperty("reviewNote").GetString());

        await api.Save(guest, [KeyValuePair.Create("program_goals", "\"A deposit, and a nursing course next spring\"")]);
        using (var again = await api.Submit(guest.UserId, guest.AccessToken))
        {
            await Json(again, HttpStatusCode.OK);
        }

        using (var approve = await api.Review(guest.UserId, admin.AccessToken, "APPROVED"))
        {
            var review = await Json(approve, HttpStatusCode.OK);
            Assert.Equal("APPROVED", review.GetProperty("status").GetString());
            Assert.Equal("APPROVED", review.GetProperty("decision").GetString());
        }

        // APPROVED is final.
        using (var edit = await api.PutProfile(guest.UserId, guest.AccessToken, [KeyValuePair.Create("first_name", "\"Anna\"")]))
        {
            await Error(edit, HttpStatusCode.Conflict, "CONFLICT");
        }

        using (var resubmit = await api.Submit(guest.UserId, guest.AccessToken))
        {
            await Error(resubmit, HttpStatusCode.Conflict, "CONFLICT");
        }

        using (var rereview = await api.Review(guest.UserId, coordinator.AccessToken, "DENIED"))
        {
            await Error(rereview, HttpStatusCode.Conflict, "CONFLICT");
        }

        var final = await api.Profile(guest, guest.UserId);
        Assert.Equal("APPROVED", final.GetProperty("status").GetString());
        Assert.Equal("\"A deposit, and a nursing course next spring\"", IntakeApi.Answers(final)["program_goals"]);
    }

    [Fact]
    public async Task A_host_fills_submits_and_any_coordinator_approves()
    {
        var host = await IntakePeople.NewHost(stack);
        var coordinator = await IntakePeople.NewCoordinator(stack);
        var answers = CompleteAnswers.Host();

        using (var incomplete = await api.Submit(host.UserId, host.AccessToken))
        {
            Assert.Contains("private_space", IntakeApi.ErrorFields(await Error(incomplete, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR")));
        }

        await api.Save(host, answers);
        using (var submit = await api.Submit(host.UserId, host.AccessToken))
        {
            var submitted = await Json(submit, HttpStatusCode.OK);
            Assert.Equal("SUBMITTED", submitted.GetProperty("status").GetString());
            Assert.Equal(answers.Count, submitted.GetProperty("responses").GetArrayLength());
        }

        using (var approve = await api.Review(host.UserId, coordinator.AccessToken, "APPROVED", "Welcome aboard"))
        {
            var review = await Json(approve, HttpStatusCode.OK);
            Assert.Equal("APPROVED", review.GetProperty("status").GetString());
            Assert.Equal("Welcome aboard", review.GetProperty("reviewNote").GetString());
        }

        Assert.Equal("APPROVED", (await api.Profile(host, host.UserId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_null_value_clears_an_answer_and_other_answers_stay()
    {
        var guest = await IntakePeople.NewGuest(stack);
        await api.Save(guest, [KeyValuePair.Create("first_name", "\"Ana\""), KeyValuePair.Create("phone", "\"555-0100\"")]);

        var cleared = await api.Save(guest, [KeyValuePair.Create("phone", "null")]);

        Assert.Equal(new Dictionary<string, string> { ["first_name"] = "\"Ana\"" }, IntakeApi.Answers(cleared));
    }

    [Fact]
    public async Task Concurrent_saves_of_different_fields_by_the_same_user_lose_nothing()
    {
        var guest = await IntakePeople.NewGuest(stack);
        var answers = CompleteAnswers.Guest();

        var saves = answers.Select(async answer =>
        {
            using var response = await api.PutResponses(guest.UserId, guest.AccessToken, answer.Key, answer.Value);
            return response.StatusCode;
        });

        Assert.All(await Task.WhenAll(saves), status => Assert.Equal(HttpStatusCode.OK, status));
        var stored = IntakeApi.Answers(await api.Profile(guest, guest.UserId));
        Assert.Equal(answers.ToDictionary(a => a.Key, a => IntakeApi.Compact(a.Value)), stored);
        using var submit = await api.Submit(guest.UserId, guest.AccessToken);
        await Json(submit, HttpStatusCode.OK);
    }
}
