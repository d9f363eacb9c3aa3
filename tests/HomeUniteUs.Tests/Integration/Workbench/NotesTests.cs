using System.Net;
using System.Text.Json;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Tenancy;
using Npgsql;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.Workbench;

/// <summary>API.md "Coordinators' workbench", Notes: who may read and write them, bad text, the Note, its event.</summary>
[Collection(GatewayCollection.Name)]
public sealed class NotesTests(ServiceStack stack)
{
    [Fact]
    public async Task A_guest_or_host_gets_403_even_about_themselves()
    {
        var orgs = await TwoOrgs.Create(stack);
        foreach (var (caller, person) in new[]
        {
            (orgs.GuestOfX, orgs.GuestOfX), (orgs.HostOfX, orgs.HostOfX), (orgs.GuestOfX, orgs.HostOfX), (orgs.PoolHost, orgs.PoolGuest),
        })
        {
            using (var list = await Notes.List(stack.Http, caller, person.UserId))
            {
                await Error(list, HttpStatusCode.Forbidden, "FORBIDDEN");
            }

            using var add = await Notes.Post(stack.Http, caller, person.UserId, """{"text":"mine"}""");
            await Error(add, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using var none = await Notes.List(stack.Http, orgs.Admin, orgs.GuestOfX.UserId);
        Assert.Empty((await Json(none, HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Outside_reach_unknown_or_deleted_is_404_like_an_unknown_id()
    {
        var orgs = await TwoOrgs.Create(stack);
        var deleted = await TestAccounts.SignUp(stack, "guest");
        using (var delete = ServiceStack.Request(HttpMethod.Delete, $"/api/users/{deleted.UserId}", orgs.Admin.AccessToken))
        using (var gone = await stack.Http.SendAsync(delete))
        {
            await Json(gone, HttpStatusCode.OK);
        }

        foreach (var (caller, personId) in new[]
        {
            (orgs.CoordinatorOfX, orgs.GuestOfY.UserId),
            (orgs.LeadOfX, orgs.HostOfY.UserId),
            (orgs.PoolCoordinator, orgs.GuestOfX.UserId),
            (orgs.CoordinatorOfX, orgs.PoolCoordinator.UserId),
            (orgs.CoordinatorOfX, (long)int.MaxValue),
            (orgs.Admin, (long)int.MaxValue),
            (orgs.Admin, deleted.UserId),
        })
        {
            using (var list = await Notes.List(stack.Http, caller, personId))
            {
                await Error(list, HttpStatusCode.NotFound, "NOT_FOUND");
            }

            using var add = await Notes.Post(stack.Http, caller, personId, """{"text":"not yours"}""");
            await Error(add, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        // Nothing was written about the person of Y.
        using var asAdmin = await Notes.List(stack.Http, orgs.Admin, orgs.GuestOfY.UserId);
        Assert.Empty((await Json(asAdmin, HttpStatusCode.OK)).EnumerateArray());
    }

    [Theory]
    [InlineData("""{"text":""}""")]
    [InlineData("""{"text":"   \n\t "}""")]
    [InlineData("""{"text":5}""")]
    [InlineData("""{"text":["a"]}""")]
    [InlineData("""{"text":null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"text":"bell \u0007"}""")]
    public async Task Bad_text_is_422_on_text_and_writes_nothing(string body)
    {
        var orgs = await TwoOrgs.Create(stack);
        using (var refused = await Notes.Post(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, body))
        {
            await Invalid(refused, "text");
        }

        using var list = await Notes.List(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId);
        Assert.Empty((await Json(list, HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Text_is_at_most_4000_characters_after_trimming()
    {
        var orgs = await TwoOrgs.Create(stack);
        using (var tooLong = await Notes.Post(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, JsonSerializer.Serialize(new { text = new string('a', 4001) })))
        {
            await Invalid(tooLong, "text");
        }

        var longest = await Notes.Add(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, "  " + new string('b', 4000) + "\n ");
        Assert.Equal(new string('b', 4000), longest.GetProperty("text").GetString());

        // Characters are code points, as Pydantic counted them: an emoji is one (two UTF-16 units in .NET).
        var emoji = char.ConvertFromUtf32(0x1F600);
        var fourThousand = string.Concat(Enumerable.Repeat(emoji, 4000));
        Assert.Equal(fourThousand, (await Notes.Add(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, fourThousand)).GetProperty("text").GetString());
        using var oneMore = await Notes.Post(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, JsonSerializer.Serialize(new { text = fourThousand + "c" }));
        await Invalid(oneMore, "text");
    }

    [Fact]
    public async Task A_note_is_201_with_its_Location_listed_newest_first_and_recorded_as_one_note_added_event()
    {
        var orgs = await TwoOrgs.Create(stack);
        var guest = orgs.GuestOfX.UserId;
        JsonElement first;
        using (var created = await Notes.Post(stack.Http, orgs.CoordinatorOfX, guest, """{"text":"  Called about the interview  "}"""))
        {
            first = await Json(created, HttpStatusCode.Created);
            Assert.Equal(Notes.Path(guest), created.Headers.Location?.OriginalString);
        }

        Assert.Equal(
            ["id", "userId", "authorId", "authorName", "text", "createdAt"],
            first.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(guest, first.GetProperty("userId").GetInt64());
        Assert.Equal(orgs.CoordinatorOfX.UserId, first.GetProperty("authorId").GetInt64());
        Assert.Equal("Test Person", first.GetProperty("authorName").GetString());
        Assert.Equal("Called about the interview", first.GetProperty("text").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", first.GetProperty("createdAt").GetString());

        var second = await Notes.Add(stack.Http, orgs.LeadOfX, guest, "Training booked");
        var third = await Notes.Add(stack.Http, orgs.Admin, guest, "Checked by an admin");
        foreach (var reader in new[] { orgs.CoordinatorOfX, orgs.LeadOfX, orgs.Admin })
        {
            using var list = await Notes.List(stack.Http, reader, guest);
            var notes = (await Json(list, HttpStatusCode.OK)).EnumerateArray().ToList();
            Assert.Equal(
                [third.GetProperty("id").GetInt64(), second.GetProperty("id").GetInt64(), first.GetProperty("id").GetInt64()],
                notes.Select(n => n.GetProperty("id").GetInt64()).ToArray());
            Assert.Equal(first.GetRawText(), notes[2].GetRawText());
        }

        // A pool guest is in the reach of X's coordinators, and their note carries no org.
        var pooled = await Notes.Add(stack.Http, orgs.CoordinatorOfX, orgs.PoolGuest.UserId, "From the pool");

        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        foreach (var (note, actor, org) in new[]
        {
            (first, orgs.CoordinatorOfX.UserId, (long?)orgs.X), (third, orgs.Admin.UserId, orgs.X), (pooled, orgs.CoordinatorOfX.UserId, null),
        })
        {
            var noteId = note.GetProperty("id").GetInt64();
            await using var command = new NpgsqlCommand(
                "SELECT type, user_id, actor_id, housing_org_id, details->>'noteId', at FROM huu_activity WHERE source_key = @key", connection);
            command.Parameters.AddWithValue("key", $"note:{noteId}");
            await using var rows = await command.ExecuteReaderAsync();
            Assert.True(await rows.ReadAsync(), $"note {noteId} has no event");
            Assert.Equal("note_added", rows.GetString(0));
            Assert.Equal(note.GetProperty("userId").GetInt64(), rows.GetInt64(1));
            Assert.Equal(actor, rows.GetInt64(2));
            Assert.Equal(org, rows.IsDBNull(3) ? null : rows.GetInt64(3));
            Assert.Equal(noteId.ToString(System.Globalization.CultureInfo.InvariantCulture), rows.GetString(4));
            Assert.False(await rows.ReadAsync());
        }
    }

    [Fact]
    public async Task A_repeat_with_the_same_Idempotency_Key_replays_the_201_and_adds_one_note()
    {
        var orgs = await TwoOrgs.Create(stack);
        var key = Guid.NewGuid().ToString();
        const string body = """{"text":"Once only"}""";
        string firstBody;
        using (var first = await Notes.Post(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, body, key))
        {
            firstBody = (await Json(first, HttpStatusCode.Created)).GetRawText();
            Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        }

        using (var again = await Notes.Post(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, body, key))
        {
            Assert.Equal(firstBody, (await Json(again, HttpStatusCode.Created)).GetRawText());
            Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal(Notes.Path(orgs.GuestOfX.UserId), again.Headers.Location?.OriginalString);
        }

        using (var otherBody = await Notes.Post(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId, """{"text":"Something else"}""", key))
        {
            await Error(otherBody, HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        }

        using var list = await Notes.List(stack.Http, orgs.CoordinatorOfX, orgs.GuestOfX.UserId);
        Assert.Single((await Json(list, HttpStatusCode.OK)).EnumerateArray());
    }
}
