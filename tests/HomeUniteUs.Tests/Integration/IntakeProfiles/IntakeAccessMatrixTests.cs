using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>
/// Every intake route against every kind of caller, for a guest's profile and a host's. A caller the rules
/// allow gets past the access check: 200 for reads and saves, 422 for submitting the incomplete profile,
/// 409 for reviewing a profile that was not submitted. Everyone else: 403 (401 without a token), and no
/// refusal carries any answer.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class IntakeAccessMatrixTests(ServiceStack stack)
{
    public static readonly string[] Routes = ["GET responses", "PUT responses", "GET profile", "PUT profile", "POST submit", "POST review"];

    public static TheoryData<string, string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, string, int>();
        foreach (var route in Routes)
        {
            foreach (var actor in new[] { "owner", "own coordinator", "other coordinator", "other guest", "host", "admin", "anonymous" })
            {
                cases.Add("guest", route, actor, Expected(route, actor, reader: actor is "owner" or "own coordinator" or "admin", reviewer: actor is "own coordinator" or "admin"));
            }

            foreach (var actor in new[] { "owner", "coordinator", "other coordinator", "guest", "other host", "admin", "anonymous" })
            {
                var coordinator = actor is "coordinator" or "other coordinator";
                cases.Add("host", route, actor, Expected(route, actor, reader: actor is "owner" or "admin" || coordinator, reviewer: actor is "admin" || coordinator));
            }
        }

        return cases;
    }

    private static int Expected(string route, string actor, bool reader, bool reviewer) => (route, actor) switch
    {
        (_, "anonymous") => 401,
        ("GET responses" or "GET profile", _) => reader ? 200 : 403,
        ("PUT responses" or "PUT profile", _) => actor == "owner" ? 200 : 403,
        ("POST submit", _) => actor == "owner" ? 422 : 403,
        ("POST review", _) => reviewer ? 409 : 403,
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_route_answers_each_caller_as_the_privacy_rules_say(string target, string route, string actor, int expected)
    {
        var cast = await IntakeCast.For(stack);
        var owner = target == "guest" ? cast.Guest : cast.Host;
        var token = Actor(cast, target, actor)?.AccessToken;
        var api = new IntakeApi(stack);

        using var response = route switch
        {
            "GET responses" => await api.GetResponses(owner.UserId, token),
            "PUT responses" => await api.PutResponses(owner.UserId, token, cast.FirstName),
            "GET profile" => await api.GetProfile(owner.UserId, token),
            "PUT profile" => await api.PutProfile(owner.UserId, token, cast.FirstName),
            "POST submit" => await api.Submit(owner.UserId, token),
            "POST review" => await api.Review(owner.UserId, token, "APPROVED"),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
        };

        switch (expected)
        {
            case 200:
                var body = await Json(response, HttpStatusCode.OK);
                Assert.Equal($"\"{cast.SecretName}\"", IntakeApi.Answers(body)["first_name"]);
                break;
            case 401:
                Assert.DoesNotContain(cast.SecretName, (await Error(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED")).GetRawText(), StringComparison.Ordinal);
                break;
            case 403:
                Assert.DoesNotContain(cast.SecretName, (await Error(response, HttpStatusCode.Forbidden, "FORBIDDEN")).GetRawText(), StringComparison.Ordinal);
                break;
            case 409:
                await Error(response, HttpStatusCode.Conflict, "CONFLICT");
                break;
            case 422:
                await Error(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
                break;
            default:
                Assert.Fail($"no check for {expected}");
                break;
        }
    }

    [Fact]
    public async Task A_refused_write_changes_nothing()
    {
        var cast = await IntakeCast.For(stack);
        var api = new IntakeApi(stack);
        foreach (var intruder in new[] { cast.OwnCoordinator, cast.Admin, cast.OtherGuest, cast.Host })
        {
            using var put = await api.PutResponses(cast.Guest.UserId, intruder.AccessToken, "first_name", "\"Mallory\"");
            await Error(put, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        var answers = IntakeApi.Answers(await api.Profile(cast.Guest, cast.Guest.UserId));
        Assert.Equal($"\"{cast.SecretName}\"", answers["first_name"]);
    }

    [Fact]
    public async Task Unknown_users_and_roles_without_a_form_are_not_found_but_strangers_learn_nothing()
    {
        var cast = await IntakeCast.For(stack);
        var api = new IntakeApi(stack);
        const long unknown = 987_654_321;

        foreach (var reader in new[] { cast.Admin, cast.OwnCoordinator })
        {
            using var missing = await api.GetProfile(unknown, reader.AccessToken);
            await Error(missing, HttpStatusCode.NotFound, "NOT_FOUND");
            using var coordinatorsProfile = await api.GetProfile(cast.OtherCoordinator.UserId, reader.AccessToken);
            await Error(coordinatorsProfile, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using var own = await api.GetResponses(cast.OwnCoordinator.UserId, cast.OwnCoordinator.AccessToken);
        await Error(own, HttpStatusCode.NotFound, "NOT_FOUND");
        using var admins = await api.GetProfile(cast.Admin.UserId, cast.Admin.AccessToken);
        await Error(admins, HttpStatusCode.NotFound, "NOT_FOUND");

        // A guest or host cannot tell an unknown user from one they may not see.
        foreach (var stranger in new[] { cast.OtherGuest, cast.OtherHost })
        {
            using var probe = await api.GetProfile(unknown, stranger.AccessToken);
            await Error(probe, HttpStatusCode.Forbidden, "FORBIDDEN");
        }
    }

    private static TestAccount? Actor(IntakeCast cast, string target, string actor) => (target, actor) switch
    {
        ("guest", "owner") => cast.Guest,
        ("guest", "own coordinator") => cast.OwnCoordinator,
        ("guest", "other coordinator") => cast.OtherCoordinator,
        ("guest", "other guest") => cast.OtherGuest,
        ("guest", "host") => cast.Host,
        ("host", "owner") => cast.Host,
        ("host", "coordinator") => cast.OwnCoordinator,
        ("host", "other coordinator") => cast.OtherCoordinator,
        ("host", "guest") => cast.Guest,
        ("host", "other host") => cast.OtherHost,
        (_, "admin") => cast.Admin,
        (_, "anonymous") => null,
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, null),
    };
}
