using System.Globalization;
using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.IntakeProfiles;
using HomeUniteUs.Tests.Unit.Intake;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Journeys;

/// <summary>People taken through their journeys over HTTP, as a coordinator and the people themselves would.</summary>
internal sealed class JourneyApi(ServiceStack stack)
{
    private readonly IntakeApi intake = new(stack);

    public Task<TestAccount> Admin => stack.Seeded("admin@example.com");

    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? token, string? json = null, string contentType = "application/json")
    {
        using var request = ServiceStack.Request(method, path, token, json is null ? null : JsonContent(json, contentType));
        return await stack.Http.SendAsync(request);
    }

    public async Task<JsonElement> Ok(HttpMethod method, string path, TestAccount caller, string? json = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Send(method, path, caller.AccessToken, json);
        return await Json(response, expected);
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A guest invited by <paramref name="coordinator"/>, with an approved intake profile.</summary>
    public async Task<TestAccount> ApprovedGuest(TestAccount coordinator, Dictionary<string, string>? answers = null)
    {
        var guest = await TestAccounts.Invited(stack, coordinator);
        await Approve(guest, coordinator, answers ?? CompleteAnswers.Guest());
        return guest;
    }

    /// <summary>A signed-up host with an intake profile approved by <paramref name="reviewer"/> (default: the seeded admin).</summary>
    public async Task<TestAccount> ApprovedHost(Dictionary<string, string>? answers = null, TestAccount? reviewer = null)
    {
        var host = await TestAccounts.SignUp(stack, "host");
        await Approve(host, reviewer ?? await Admin, answers ?? CompleteAnswers.Host());
        return host;
    }

    /// <summary>Interview and training completed by <paramref name="coordinator"/>.</summary>
    public async Task Train(TestAccount person, TestAccount coordinator)
    {
        await Ok(HttpMethod.Post, $"/api/journeys/{Id(person.UserId)}/steps/coordinator_interview", coordinator, """{"completed":true}""");
        await Ok(HttpMethod.Post, $"/api/journeys/{Id(person.UserId)}/steps/training_session", coordinator, """{"completed":true}""");
    }

    public async Task<long> Propose(TestAccount coordinator, TestAccount guest, TestAccount host) =>
        (await Ok(HttpMethod.Post, "/api/matches", coordinator, $$"""{"guestId":{{guest.UserId}},"hostId":{{host.UserId}}}""", HttpStatusCode.Created))
            .GetProperty("id").GetInt64();

    /// <summary>Saves, submits and approves <paramref name="person"/>'s intake profile.</summary>
    public async Task<TestAccount> Approve(TestAccount person, TestAccount reviewer, Dictionary<string, string> answers)
    {
        await intake.Save(person, answers);
        using (var submit = await intake.Submit(person.UserId, person.AccessToken))
        {
            await Json(submit, HttpStatusCode.OK);
        }

        using var review = await intake.Review(person.UserId, reviewer.AccessToken, "APPROVED");
        await Json(review, HttpStatusCode.OK);
        return person;
    }
}
