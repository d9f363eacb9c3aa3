using System.Net;
using System.Runtime.CompilerServices;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Unit.Intake;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>
/// Every field type the two forms use, with a value that fits and values that do not, through HTTP; and the
/// submit rules (required, required_if, the contact method's linked field). number and multiple_choice are in
/// no form, so only the validator's unit tests reach them.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class IntakeValidationTests(ServiceStack stack)
{
    private static readonly ConditionalWeakTable<ServiceStack, Task<(TestAccount Guest, TestAccount Host)>> Owners = [];

    private readonly IntakeApi api = new(stack);

    public static TheoryData<string, string, string, bool> Values() => new()
    {
        // short_text, with max_characters 100
        { "guest", "first_name", "\"Ana María\"", true },
        { "guest", "first_name", $"\"{new string('a', 100)}\"", true },
        { "guest", "first_name", $"\"{new string('a', 101)}\"", false },
        { "guest", "first_name", "5", false },
        { "guest", "first_name", "\"Ana\\u0000\"", false },
        { "guest", "phone", "\"+1 555 0100\"", true },
        { "guest", "phone", $"\"{new string('5', 31)}\"", false },
        // long_text
        { "guest", "introduction", $"\"{string.Concat(Enumerable.Repeat("Line\\n", 800))}\"", true },
        { "guest", "introduction", $"\"{new string('x', 4001)}\"", false },
        { "guest", "introduction", "[\"text\"]", false },
        // date: ISO, not in the future
        { "guest", "date_of_birth", "\"2001-04-09\"", true },
        { "guest", "date_of_birth", "\"2999-01-01\"", false },
        { "guest", "date_of_birth", "\"09/04/2001\"", false },
        { "guest", "date_of_birth", "\"2001-02-30\"", false },
        { "guest", "date_of_birth", "20010409", false },
        // email
        { "guest", "email", "\"ana@example.org\"", true },
        { "guest", "email", "\"ana@example\"", false },
        { "guest", "email", "\"not an email\"", false },
        // dropdown: choice ids, never labels
        { "guest", "gender_identity", "\"non_binary\"", true },
        { "guest", "gender_identity", "\"Non-binary\"", false },
        { "guest", "gender_identity", "[\"woman\"]", false },
        // contact_method
        { "guest", "preferred_contact_method", "\"phone\"", true },
        { "guest", "preferred_contact_method", "\"fax\"", false },
        // yes_no
        { "guest", "smokes", "\"no\"", true },
        { "guest", "smokes", "true", false },
        { "guest", "smokes", "\"Yes\"", false },
        // additional_guests: [{name, dob, relationship}]
        { "guest", "additional_guests", """[{"name":"Sam","dob":"2015-03-01","relationship":"son"}]""", true },
        { "guest", "additional_guests", "[]", true },
        { "guest", "additional_guests", """[{"name":"Sam"}]""", false },
        { "guest", "additional_guests", """[{"name":"Sam","dob":"2999-03-01","relationship":"son"}]""", false },
        { "guest", "additional_guests", """[{"name":"Sam","dob":"2015-03-01","relationship":"son","age":9}]""", false },
        { "guest", "additional_guests", "\"Sam\"", false },
        // pets: [{type}]
        { "guest", "pets", """[{"type":"cat"},{"type":"dog"}]""", true },
        { "guest", "pets", """[{"type":""}]""", false },
        { "guest", "pets", """{"type":"cat"}""", false },
        // the host form's types
        { "host", "last_name", "\"Park\"", true },
        { "host", "date_of_birth", "\"1970-10-10\"", true },
        { "host", "date_of_birth", "\"1970-13-10\"", false },
        { "host", "private_space", "\"yes\"", true },
        { "host", "private_space", "\"maybe\"", false },
        { "host", "drinking_concerns_explanation", $"\"{new string('x', 2000)}\"", true },
        { "host", "drinking_concerns_explanation", $"\"{new string('x', 2001)}\"", false },
        // a null clears, whatever the type
        { "guest", "additional_guests", "null", true },
        { "host", "private_space", "null", true },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task Each_value_is_checked_against_its_field(string role, string fieldId, string valueJson, bool fits)
    {
        var (guest, host) = await ValidationOwners();
        var owner = role == "guest" ? guest : host;

        using var response = await api.PutResponses(owner.UserId, owner.AccessToken, fieldId, valueJson);

        if (fits)
        {
            var stored = IntakeApi.Answers(await Json(response, HttpStatusCode.OK));
            if (valueJson == "null")
            {
                Assert.False(stored.ContainsKey(fieldId));
            }
            else
            {
                Assert.Equal(IntakeApi.Compact(valueJson), stored[fieldId]);
            }
        }
        else
        {
            var error = await Invalid(response, fieldId);
            Assert.Equal([fieldId], IntakeApi.ErrorFields(error));
        }
    }

    [Fact]
    public async Task One_422_names_every_bad_field_and_saves_none_of_the_request()
    {
        var guest = await IntakePeople.NewGuest(stack);

        using var response = await api.PutResponses(guest.UserId, guest.AccessToken,
        [
            KeyValuePair.Create("first_name", "\"Ana\""),
            KeyValuePair.Create("date_of_birth", "\"2999-01-01\""),
            KeyValuePair.Create("email", "\"nope\""),
            KeyValuePair.Create("no_such_field", "\"x\""),
            KeyValuePair.Create("smokes", "\"sometimes\""),
        ]);

        var error = await Error(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        Assert.Equal(["date_of_birth", "email", "responses[3].fieldId", "smokes"], IntakeApi.ErrorFields(error));
        Assert.Empty((await api.Profile(guest, guest.UserId)).GetProperty("responses").EnumerateArray());
    }

    [Fact]
    public async Task Submitting_an_empty_profile_names_every_required_field()
    {
        var guest = await IntakePeople.NewGuest(stack);

        using var response = await api.Submit(guest.UserId, guest.AccessToken);

        var error = await Error(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        var required = new[] { "first_name", "last_name", "date_of_birth", "gender_identity", "email", "preferred_contact_method", "has_pets", "employed",
            "enrolled_in_education", "multilingual", "smokes", "drinks_alcohol", "uses_other_substances", "mental_health_concerns", "program_goals",
            "host_relationship", "foreseen_challenges", "introduction" };
        Assert.Equal(required, IntakeApi.ErrorFields(error));
        Assert.All(error.GetProperty("errors").EnumerateArray(), e => Assert.Contains("Field required", e.GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.Equal("NEW", (await api.Profile(guest, guest.UserId)).GetProperty("status").GetString());
    }

    public static TheoryData<string, string, string, string, string> RequiredIf() => new()
    {
        { "guest", "has_pets", "\"yes\"", "pets", """[{"type":"cat"}]""" },
        { "guest", "employed", "\"yes\"", "employment_description", "\"Barista, mornings\"" },
        { "guest", "employed", "\"no\"", "job_search", "\"Retail, part time\"" },
        { "guest", "enrolled_in_education", "\"yes\"", "education_description", "\"Nursing, second year\"" },
        { "guest", "enrolled_in_education", "\"no\"", "education_plans", "\"A nursing course\"" },
        { "guest", "multilingual", "\"yes\"", "languages_spoken", "\"Spanish, English\"" },
        { "guest", "preferred_contact_method", "\"phone\"", "phone", "\"555-0100\"" },
        { "host", "drinking_concerns", "\"yes\"", "drinking_concerns_explanation", "\"Not around the children\"" },
    };

    [Theory]
    [MemberData(nameof(RequiredIf))]
    public async Task A_conditional_field_is_required_at_submit_when_its_condition_holds(string role, string conditionField, string conditionValue, string dependent, string dependentValue)
    {
        var owner = role == "guest" ? await IntakePeople.NewGuest(stack) : await IntakePeople.NewHost(stack);
        var answers = role == "guest" ? CompleteAnswers.Guest() : CompleteAnswers.Host();
        // Complete answers satisfy every other condition, so the dependent field is all that can be missing.
        answers[conditionField] = conditionValue;
        answers.Remove(dependent);

        await api.Save(owner, answers);
        using (var incomplete = await api.Submit(owner.UserId, owner.AccessToken))
        {
            Assert.Equal([dependent], IntakeApi.ErrorFields(await Error(incomplete, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR")));
        }

        await api.Save(owner, [KeyValuePair.Create(dependent, dependentValue)]);
        using var complete = await api.Submit(owner.UserId, owner.AccessToken);
        Assert.Equal("SUBMITTED", (await Json(complete, HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    private Task<(TestAccount Guest, TestAccount Host)> ValidationOwners() =>
        Owners.GetValue(stack, async s => (await IntakePeople.NewGuest(s), await IntakePeople.NewHost(s)));
}
