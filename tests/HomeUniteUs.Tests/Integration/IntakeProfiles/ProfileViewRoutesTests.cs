using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>/api/profile: the frontend's application pages, views of the intake routes with the same data and rules.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProfileViewRoutesTests(ServiceStack stack)
{
    private const string Root = "/api/profile";

    private readonly IntakeApi api = new(stack);

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task A_form_is_the_intake_form_with_groups_ordered_from_one(string formId)
    {
        var reader = await stack.Seeded("hosta@example.com");
        using var intake = await api.Send(HttpMethod.Get, $"{IntakeApi.Root}/form/{formId}", reader.AccessToken);
        var intakeForm = await Json(intake, HttpStatusCode.OK);
        using var view = await api.Send(HttpMethod.Get, $"{Root}/{formId}", reader.AccessToken);
        var form = await Json(view, HttpStatusCode.OK);

        Assert.Equal("application/json", view.Content.Headers.ContentType?.MediaType);
        Assert.Equal(intakeForm.GetRawText(), form.GetRawText());
        var orders = form.GetProperty("fieldGroups").EnumerateArray().Select(g => g.GetProperty("order").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, orders.Count), orders);
    }

    [Fact]
    public async Task A_group_is_the_same_group_as_in_the_form_with_its_order()
    {
        var reader = await stack.Seeded("guesta@example.com");
        using var formResponse = await api.Send(HttpMethod.Get, $"{Root}/1", reader.AccessToken);
        var groups = (await Json(formResponse, HttpStatusCode.OK)).GetProperty("fieldGroups").EnumerateArray().ToList();

        foreach (var group in new[] { groups[0], groups[^1] })
        {
            using var response = await api.Send(HttpMethod.Get, $"{Root}/1/{group.GetProperty("id").GetString()}", reader.AccessToken);
            var body = await Json(response, HttpStatusCode.OK);
            Assert.Equal(group.GetRawText(), body.GetRawText());
            Assert.Equal(["id", "order", "title", "fields"], body.EnumerateObject().Select(p => p.Name));
        }

        using var last = await api.Send(HttpMethod.Get, $"{Root}/1/about_you", reader.AccessToken);
        Assert.Equal(groups.Count, (await Json(last, HttpStatusCode.OK)).GetProperty("order").GetInt32());
    }

    [Theory]
    [InlineData("/3", "Form with id 3 does not exist.")]
    [InlineData("/3/basic_information", "Form with id 3 does not exist.")]
    [InlineData("/1/no_such_group", "Form 1 has no such field group.")]
    [InlineData("/2/basic_information", "Form 2 has no such field group.")]
    public async Task An_unknown_form_or_group_is_not_found(string path, string message)
    {
        var reader = await stack.Seeded("guesta@example.com");
        using var response = await api.Send(HttpMethod.Get, Root + path, reader.AccessToken);
        var body = await Error(response, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(message, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_non_numeric_form_id_is_invalid()
    {
        var reader = await stack.Seeded("guesta@example.com");
        using var response = await api.Send(HttpMethod.Get, $"{Root}/abc/basic_information", reader.AccessToken);
        await Invalid(response, "formId");
    }

    [Theory]
    [InlineData("{\"responses\":[{\"fieldId\":\"first_name\",\"value\":\"Ana\"},{\"fieldId\":\"has_pets\",\"value\":\"no\"}]}")]
    [InlineData("[{\"fieldId\":\"first_name\",\"value\":\"Ana\"},{\"fieldId\":\"has_pets\",\"value\":\"no\"}]")]
    public async Task The_caller_saves_their_own_answers_with_either_body_and_reads_them_on_both_routes(string json)
    {
        var guest = await IntakePeople.NewGuest(stack);
        using var save = await api.Send(HttpMethod.Post, $"{Root}/responses", guest.AccessToken, json);
        var saved = IntakeApi.Answers(await Json(save, HttpStatusCode.OK));
        Assert.Equal(new Dictionary<string, string> { ["first_name"] = "\"Ana\"", ["has_pets"] = "\"no\"" }, saved);

        using var view = await api.Send(HttpMethod.Get, $"{Root}/responses/{guest.UserId}", guest.AccessToken);
        using var intake = await api.GetResponses(guest.UserId, guest.AccessToken);
        Assert.Equal((await Json(intake, HttpStatusCode.OK)).GetRawText(), (await Json(view, HttpStatusCode.OK)).GetRawText());
        Assert.Equal("IN_PROGRESS", (await api.Profile(guest, guest.UserId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Saving_follows_the_intake_rules_for_the_callers_form()
    {
        var host = await IntakePeople.NewHost(stack);
        var guestOnly = "[{\"fieldId\":\"first_name\",\"value\":\"Ana\"},{\"fieldId\":\"has_pets\",\"value\":\"maybe\"}]";
        using var response = await api.Send(HttpMethod.Post, $"{Root}/responses", host.AccessToken, guestOnly);
        var error = await Error(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        Assert.NotEmpty(IntakeApi.ErrorFields(error));
        using var stored = await api.GetResponses(host.UserId, host.AccessToken);
        Assert.Empty((await Json(stored, HttpStatusCode.OK)).GetProperty("responses").EnumerateArray());
    }

    [Theory]
    [InlineData("{}", "responses")]
    [InlineData("{\"responses\":\"x\"}", "responses")]
    [InlineData("[{\"value\":1}]", "responses[0].fieldId")]
    [InlineData("7", "body")]
    public async Task A_misshapen_body_is_invalid(string json, string field)
    {
        var guest = await stack.Seeded("guestb@example.com");
        using var response = await api.Send(HttpMethod.Post, $"{Root}/responses", guest.AccessToken, json);
        await Invalid(response, field);
    }

    [Fact]
    public async Task Only_the_owner_and_their_readers_see_responses_and_admins_cannot_save_any()
    {
        var coordinator = await IntakePeople.NewCoordinator(stack);
        var guest = await IntakePeople.InvitedGuest(stack, coordinator);
        var other = await IntakePeople.NewGuest(stack);
        var admin = await IntakePeople.Admin(stack);
        using (var save = await api.Send(HttpMethod.Post, $"{Root}/responses", guest.AccessToken, "[{\"fieldId\":\"first_name\",\"value\":\"Ana\"}]"))
        {
            await Json(save, HttpStatusCode.OK);
        }

        foreach (var (reader, status) in new[] { (coordinator, HttpStatusCode.OK), (admin, HttpStatusCode.OK), (other, HttpStatusCode.Forbidden) })
        {
            using var response = await api.Send(HttpMethod.Get, $"{Root}/responses/{guest.UserId}", reader.AccessToken);
            Assert.Equal(status, response.StatusCode);
        }

        using var adminSave = await api.Send(HttpMethod.Post, $"{Root}/responses", admin.AccessToken, "[{\"fieldId\":\"first_name\",\"value\":\"Ana\"}]");
        Assert.True(adminSave.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"an admin has no profile to save: {(int)adminSave.StatusCode}");
        using var anonymous = await api.Send(HttpMethod.Post, $"{Root}/responses", null, "[]");
        await Error(anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.Equal(JsonValueKind.Object, (await api.Profile(guest, guest.UserId)).ValueKind);
    }
}
