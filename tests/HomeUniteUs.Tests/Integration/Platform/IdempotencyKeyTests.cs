using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Platform;

/// <summary>Idempotency-Key on the creating POSTs (API.md "Operations"), over HTTP against a real stack.</summary>
[Collection(GatewayCollection.Name)]
public class IdempotencyKeyTests(ServiceStack stack)
{
    private const string Replayed = "Idempotent-Replayed";

    private async Task<string> Admin() => (await stack.Seeded("admin@example.com")).AccessToken;

    private async Task<HttpResponseMessage> Post(string path, string json, string? token, string? key)
    {
        using var request = ServiceStack.Request(HttpMethod.Post, path, token, JsonContent(json));
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return await stack.Http.SendAsync(request);
    }

    private async Task<int> OrgsNamed(string name)
    {
        using var list = await stack.Http.GetAsync(new Uri("/api/housing-orgs", UriKind.Relative));
        return (await Json(list, HttpStatusCode.OK)).EnumerateArray().Count(o => o.GetProperty("org_name").GetString() == name);
    }

    private static string UniqueName() => "Idem " + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_repeat_with_the_same_key_replays_the_answer_and_creates_nothing()
    {
        var admin = await Admin();
        var key = Guid.NewGuid().ToString();
        var name = UniqueName();
        using var first = await Post("/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, key);
        var created = await Json(first, HttpStatusCode.Created);
        Assert.False(first.Headers.Contains(Replayed));

        for (var repeat = 0; repeat < 3; repeat++)
        {
            using var again = await Post("/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, key);
            var replayed = await Json(again, HttpStatusCode.Created);
            Assert.Equal("true", again.Headers.GetValues(Replayed).Single());
            Assert.Equal(created.GetRawText(), replayed.GetRawText());
            Assert.Equal(first.Headers.Location, again.Headers.Location);
        }

        Assert.Equal(1, await OrgsNamed(name));
    }

    [Fact]
    public async Task Concurrent_creates_each_with_its_own_key_create_one_org_each_and_their_repeats_replay_their_own_answers()
    {
        // Sent at once, the claims and settlements travel to the silo in shared batches.
        var admin = await Admin();
        var creates = Enumerable.Range(0, 24).Select(_ => (Key: Guid.NewGuid().ToString(), Name: UniqueName())).ToArray();
        async Task<(HttpStatusCode Status, string Body, bool Replayed)> Send((string Key, string Name) create)
        {
            using var answer = await Post("/api/housing-orgs", $$"""{"org_name":"{{create.Name}}"}""", admin, create.Key);
            return (answer.StatusCode, await answer.Content.ReadAsStringAsync(), answer.Headers.Contains(Replayed));
        }

        var firsts = await Task.WhenAll(creates.Select(Send));
        var repeats = await Task.WhenAll(creates.Select(Send));

        for (var i = 0; i < creates.Length; i++)
        {
            Assert.Equal((HttpStatusCode.Created, false), (firsts[i].Status, firsts[i].Replayed));
            Assert.Contains(creates[i].Name, firsts[i].Body, StringComparison.Ordinal);
            Assert.Equal((HttpStatusCode.Created, firsts[i].Body, true), repeats[i]);
            Assert.Equal(1, await OrgsNamed(creates[i].Name));
        }
    }

    [Fact]
    public async Task One_key_sent_many_times_at_once_creates_one_org_and_every_other_answer_is_409_or_its_replay()
    {
        var admin = await Admin();
        var key = Guid.NewGuid().ToString();
        var name = UniqueName();
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var answer = await Post("/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, key);
            return (answer.StatusCode, Body: await answer.Content.ReadAsStringAsync(), Replayed: answer.Headers.Contains(Replayed));
        }));

        var original = Assert.Single(answers, answer => answer is { StatusCode: HttpStatusCode.Created, Replayed: false });
        Assert.All(answers.Where(answer => answer != original), answer =>
            Assert.True(answer.StatusCode == HttpStatusCode.Conflict || (answer.StatusCode == HttpStatusCode.Created && answer.Replayed && answer.Body == original.Body),
                $"{answer.StatusCode} {answer.Body}"));
        Assert.Equal(1, await OrgsNamed(name));
    }

    [Theory]
    [InlineData("/api/housing-orgs")]
    [InlineData("/api/auth/signup")]
    [InlineData("/api/auth/invite")]
    [InlineData("/api/matches")]
    public async Task The_API_document_declares_the_header_on_each_creating_POST(string path)
    {
        using var document = await stack.Http.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));
        var paths = (await Json(document, HttpStatusCode.OK)).GetProperty("paths");
        Assert.True(paths.TryGetProperty(path, out var route), $"{path} is not in the document");
        var post = route.GetProperty("post");
        Assert.True(post.TryGetProperty("parameters", out var parameters), $"POST {path} declares no parameters: {post}");
        var header = Assert.Single(parameters.EnumerateArray(), p => p.TryGetProperty("name", out var name) && name.GetString() == "Idempotency-Key");
        Assert.Equal("header", header.GetProperty("in").GetString());
        // Optional: the document leaves "required" out, or says false.
        Assert.False(header.TryGetProperty("required", out var required) && required.GetBoolean());
    }

    [Fact]
    public async Task Without_a_key_a_repeat_is_a_new_request()
    {
        var admin = await Admin();
        var name = UniqueName();
        using var first = await Post("/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, key: null);
        await Json(first, HttpStatusCode.Created);
        using var again = await Post("/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, key: null);
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        Assert.False(again.Headers.Contains(Replayed));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_applies_nothing()
    {
        var admin = await Admin();
        var key = Guid.NewGuid().ToString();
        var name = UniqueName();
        using (var first = await Post("/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", admin, key))
        {
            await Json(first, HttpStatusCode.Created);
        }

        var other = UniqueName();
        using var reused = await Post("/api/housing-orgs", $$"""{"org_name":"{{other}}"}""", admin, key);
        await Error(reused, HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(0, await OrgsNamed(other));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("256")]
    public async Task A_malformed_key_is_422_naming_the_header_and_applies_nothing(string key)
    {
        key = key == "256" ? new string('k', 256) : key;
        var name = UniqueName();
        using var refused = await Post("/api/housing-orgs", $$"""{"org_name":"{{name}}"}""", await Admin(), key);
        await Invalid(refused, "Idempotency-Key");
        Assert.Equal(0, await OrgsNamed(name));
    }

    [Fact]
    public async Task A_key_of_255_visible_characters_is_accepted()
    {
        var key = new string('~', 200) + Guid.NewGuid().ToString("N")[..20] + new string('!', 35);
        using var created = await Post("/api/housing-orgs", $$"""{"org_name":"{{UniqueName()}}"}""", await Admin(), key);
        await Json(created, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_sign_up_repeated_with_its_key_makes_one_account_and_answers_alike()
    {
        var email = TestAccounts.NewEmail("guest");
        var key = Guid.NewGuid().ToString();
        var body = $$"""{"email":"{{email}}","password":"Test123!","firstName":"Idem","role":"guest"}""";
        using var first = await Post("/api/auth/signup", body, token: null, key);
        var answer = await Json(first, HttpStatusCode.OK);

        using var again = await Post("/api/auth/signup", body, token: null, key);
        Assert.Equal(answer.GetRawText(), (await Json(again, HttpStatusCode.OK)).GetRawText());
        Assert.Equal("true", again.Headers.GetValues(Replayed).Single());
        Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, email));
    }

    [Fact]
    public async Task A_refused_create_keeps_no_answer_under_its_key_and_a_repeat_runs_again()
    {
        var coordinator = await stack.Seeded("coordinatora@example.com");
        var key = Guid.NewGuid().ToString();
        var body = """{"email":"guesta@example.com","firstName":"Already","lastName":"There"}""";
        using var first = await Post("/api/auth/invite", body, coordinator.AccessToken, key);
        await Error(first, HttpStatusCode.BadRequest, "USER_EXISTS");

        using var again = await Post("/api/auth/invite", body, coordinator.AccessToken, key);
        await Error(again, HttpStatusCode.BadRequest, "USER_EXISTS");
        Assert.False(again.Headers.Contains(Replayed));
    }

    [Fact]
    public async Task Keys_belong_to_their_caller()
    {
        var key = Guid.NewGuid().ToString();
        var first = await stack.Seeded("coordinatorb@example.com");
        var second = await stack.Seeded("coordinatorc@example.com");
        foreach (var coordinator in new[] { first, second })
        {
            var email = TestAccounts.NewEmail("guest");
            using var invited = await Post("/api/auth/invite", $$"""{"email":"{{email}}","firstName":"Invited"}""", coordinator.AccessToken, key);
            await Json(invited, HttpStatusCode.OK);
            Assert.False(invited.Headers.Contains(Replayed));
            Assert.Equal(1, await StoredUsers.Count(stack.ConnectionString, email));
        }
    }
}
