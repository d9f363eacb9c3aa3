using System.Text.Json;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;
using HomeUniteUs.Tests.Unit.Intake;
using Npgsql;

namespace HomeUniteUs.Tests.TestCluster.IntakeProfiles;

[Collection(IntakeClusterCollection.Name)]
public sealed class IntakeGrainTests(IntakeClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    [Theory]
    [InlineData(IntakeFormIds.Guest)]
    [InlineData(IntakeFormIds.Host)]
    public async Task The_form_grain_serves_the_definition_of_its_form(int formId)
    {
        var json = await Grains.GetGrain<IIntakeFormGrain>(formId).GetDefinitionJson();

        using var definition = JsonDocument.Parse(json!);
        Assert.Equal(formId.ToString(), definition.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_form_grain_of_an_unknown_form_serves_nothing()
    {
        Assert.Null(await Grains.GetGrain<IIntakeFormGrain>(3).GetDefinitionJson());
    }

    [Fact]
    public async Task An_unknown_form_is_not_found_with_the_API_message()
    {
        var error = await Assert.ThrowsAsync<HuuException>(() => Grains.GetGrain<IIntakeProfileGrain>(1001).Get(7));

        Assert.Equal(404, error.Status);
        Assert.Equal("Form with id 7 does not exist.", error.Message);
    }

    [Fact]
    public async Task Answers_survive_the_grain_being_deactivated()
    {
        var grain = Grains.GetGrain<IIntakeProfileGrain>(1002);
        await grain.Save(IntakeFormIds.Host, [new IntakeResponse("first_name", "\"Lee\""), new IntakeResponse("private_space", "\"yes\"")]);

        await fixture.Cluster.DeactivateAsync(grain);
        var profile = await grain.Get(IntakeFormIds.Host);

        Assert.Equal(IntakeStatus.InProgress, profile.Status);
        Assert.Equal(fixture.Clock.GetUtcNow(), profile.UpdatedAt);
        Assert.Equal(
            [new IntakeResponse("first_name", "\"Lee\""), new IntakeResponse("private_space", "\"yes\"")],
            profile.Responses);
    }

    [Fact]
    public async Task Concurrent_saves_of_different_fields_lose_nothing_and_share_writes()
    {
        var grain = Grains.GetGrain<IIntakeProfileGrain>(1003);
        var answers = CompleteAnswers.Guest();

        var saved = await Task.WhenAll(answers.Select(answer => grain.Save(IntakeFormIds.Guest, [new IntakeResponse(answer.Key, answer.Value)])));

        var profile = await grain.Get(IntakeFormIds.Guest);
        Assert.Equal(answers.Count, profile.Responses.Count);
        Assert.All(profile.Responses, response => Assert.Equal(answers[response.FieldId], response.ValueJson));
        // Each answer shows its own field, made on top of every save before it.
        Assert.All(answers.Zip(saved), pair => Assert.Contains(new IntakeResponse(pair.First.Key, pair.First.Value), pair.Second.Responses));
        Assert.Equal(answers.Count, saved.Max(answer => answer.Responses.Count));
        // The saves that came while a write ran shared the next one: fewer versions than saves.
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var version = new NpgsqlCommand("SELECT version FROM huu_intake_status WHERE user_id = 1003", connection);
        Assert.InRange((long)(await version.ExecuteScalarAsync())!, 1, answers.Count - 1);
    }

    [Fact]
    public async Task A_guest_fills_submits_is_denied_fixes_and_is_approved()
    {
        var grain = Grains.GetGrain<IIntakeProfileGrain>(1004);
        var answers = CompleteAnswers.Guest();
        await grain.Save(IntakeFormIds.Guest, [.. answers.Select(answer => new IntakeResponse(answer.Key, answer.Value))]);

        Assert.Equal(IntakeStatus.Submitted, (await grain.Submit(IntakeFormIds.Guest, actorId: 1004)).Status);
        var conflict = await Assert.ThrowsAsync<HuuException>(() => grain.Save(IntakeFormIds.Guest, [new IntakeResponse("first_name", "\"Anna\"")]));
        Assert.Equal(409, conflict.Status);

        var denied = await grain.Review(IntakeStatus.Denied, "Tell us more about your goals", actorId: 1);
        Assert.Equal(IntakeStatus.InProgress, denied.Status);
        Assert.Equal("Tell us more about your goals", denied.ReviewNote);

        await grain.Save(IntakeFormIds.Guest, [new IntakeResponse("program_goals", "\"A deposit, and a nursing course\"")]);
        await grain.Submit(IntakeFormIds.Guest, actorId: 1004);
        var approved = await grain.Review(IntakeStatus.Approved, null, actorId: 1);
        Assert.Equal(IntakeStatus.Approved, approved.Status);
        Assert.Null(approved.ReviewNote);
    }

    [Fact]
    public async Task A_validation_error_crosses_the_grain_call_with_every_bad_field()
    {
        var grain = Grains.GetGrain<IIntakeProfileGrain>(1005);

        var error = await Assert.ThrowsAsync<HuuException>(() => grain.Save(
            IntakeFormIds.Guest,
            [new IntakeResponse("date_of_birth", "\"2999-01-01\""), new IntakeResponse("nope", "1")]));

        Assert.Equal(422, error.Status);
        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal(["date_of_birth", "responses[1].fieldId"], error.Errors!.Select(fieldError => fieldError.Field));
        Assert.Equal(IntakeStatus.New, (await grain.Get(IntakeFormIds.Guest)).Status);
    }

    [Fact]
    public async Task Each_change_stamps_the_time_of_the_injected_clock()
    {
        var grain = Grains.GetGrain<IIntakeProfileGrain>(1006);
        var saved = await grain.Save(IntakeFormIds.Host, [new IntakeResponse("first_name", "\"Lee\"")]);

        Assert.Equal(fixture.Clock.GetUtcNow(), saved.UpdatedAt);
        Assert.Equal(DateTimeOffset.MinValue, (await Grains.GetGrain<IIntakeProfileGrain>(1007).Get(IntakeFormIds.Host)).UpdatedAt);
    }
}
