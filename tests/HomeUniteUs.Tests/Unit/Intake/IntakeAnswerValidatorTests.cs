using HomeUniteUs.Grains.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;

namespace HomeUniteUs.Tests.Unit.Intake;

public sealed class IntakeAnswerValidatorTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    [Theory]
    [InlineData("short", "\"abc\"")]
    [InlineData("short", "\"\"")]
    [InlineData("short", "\"abcde\"")]
    [InlineData("long", "\"two\\nlines\\tand a tab\"")]
    [InlineData("count", "3")]
    [InlineData("count", "-2.5")]
    [InlineData("count", "0")]
    [InlineData("day", "\"2025-06-15\"")]
    [InlineData("day", "\"1990-01-31\"")]
    [InlineData("mail", "\"ana@example.org\"")]
    [InlineData("mail", "\"first.last+tag@mail.example.co\"")]
    [InlineData("colour", "\"red\"")]
    [InlineData("ok", "\"yes\"")]
    [InlineData("ok", "\"no\"")]
    [InlineData("guests", "[]")]
    [InlineData("guests", """[{"name": "Sam", "dob": "2015-03-02", "relationship": "son"}, {"relationship": "partner", "name": "Kai", "dob": "1990-12-01"}]""")]
    [InlineData("animals", "[]")]
    [InlineData("animals", """[{"type": "cat"}, {"type": "dog"}]""")]
    [InlineData("reach", "\"email\"")]
    [InlineData("reach", "\"phone\"")]
    [InlineData("days", "[]")]
    [InlineData("days", "[\"tue\", \"mon\"]")]
    public void A_value_that_fits_its_field_type_is_accepted(string fieldId, string valueJson)
    {
        var answers = IntakeAnswerValidator.Validate(TestForms.EveryType, [new IntakeResponse(fieldId, valueJson)], Today);

        Assert.Equal(valueJson, answers[fieldId]);
    }

    [Theory]
    [InlineData("short", "5", "Must be text")]
    [InlineData("short", "\"abcdef\"", "at most 5 characters")]
    [InlineData("short", "\"a\\u0000b\"", "control characters")]
    [InlineData("long", "\"more than twenty characters\"", "at most 20 characters")]
    [InlineData("long", "[\"text\"]", "Must be text")]
    [InlineData("count", "\"3\"", "Must be a number")]
    [InlineData("count", "true", "Must be a number")]
    [InlineData("count", "1e400", "Must be a number")]
    [InlineData("day", "\"2025-06-16\"", "Must not be in the future")]
    [InlineData("day", "\"15/06/2025\"", "YYYY-MM-DD")]
    [InlineData("day", "\"2025-02-30\"", "YYYY-MM-DD")]
    [InlineData("day", "\"2025-6-1\"", "YYYY-MM-DD")]
    [InlineData("day", "\"2025-06-01T00:00:00Z\"", "YYYY-MM-DD")]
    [InlineData("day", "20250615", "YYYY-MM-DD")]
    [InlineData("mail", "\"not-an-email\"", "email address")]
    [InlineData("mail", "\"ana@localhost\"", "email address")]
    [InlineData("mail", "\"ana smith@example.org\"", "email address")]
    [InlineData("mail", "\"ana@example.org \"", "email address")]
    [InlineData("mail", "\"ana@@example.org\"", "email address")]
    [InlineData("mail", "42", "email address")]
    [InlineData("colour", "\"Red\"", "Must be one of: red, blue")]
    [InlineData("colour", "\"green\"", "Must be one of: red, blue")]
    [InlineData("colour", "[\"red\"]", "Must be one of: red, blue")]
    [InlineData("ok", "\"Yes\"", "\"yes\" or \"no\"")]
    [InlineData("ok", "true", "\"yes\" or \"no\"")]
    [InlineData("ok", "\"maybe\"", "\"yes\" or \"no\"")]
    [InlineData("guests", """{"name": "Sam", "dob": "2015-03-02", "relationship": "son"}""", "Must be a list")]
    [InlineData("guests", """["Sam"]""", "1st guest must be an object {name, dob, relationship}")]
    [InlineData("guests", """[{"name": "Sam", "dob": "2015-03-02"}]""", "1st guest must be an object")]
    [InlineData("guests", """[{"name": "Sam", "dob": "2015-03-02", "relationship": "son", "ssn": "123"}]""", "1st guest must be an object")]
    [InlineData("guests", """[{"name": "Sam", "dob": "2015-03-02", "relationship": "son"}, {"name": "Kai", "dob": "2030-01-01", "relationship": "partner"}]""", "2nd guest's dob: Must not be in the future")]
    [InlineData("guests", """[{"name": "Sam", "dob": "March 2015", "relationship": "son"}]""", "dob: Must be a date")]
    [InlineData("guests", """[{"name": " ", "dob": "2015-03-02", "relationship": "son"}]""", "1st guest's name")]
    [InlineData("guests", """[{"name": "Sam", "dob": "2015-03-02", "relationship": 7}]""", "1st guest's relationship")]
    [InlineData("animals", """[{"type": ""}]""", "1st pet's type")]
    [InlineData("animals", """[{"type": "cat", "name": "Tom"}]""", "1st pet must be an object {type}")]
    [InlineData("animals", """["cat"]""", "1st pet must be an object {type}")]
    [InlineData("animals", "\"cat\"", "Must be a list")]
    [InlineData("reach", "\"fax\"", "Must be one of: email, phone")]
    [InlineData("reach", "\"Email\"", "Must be one of: email, phone")]
    [InlineData("days", "[\"mon\", \"mon\"]", "each at most once")]
    [InlineData("days", "[\"wed\"]", "from: mon, tue")]
    [InlineData("days", "\"mon\"", "list of choice ids")]
    [InlineData("days", "[1]", "list of choice ids")]
    public void A_value_that_does_not_fit_its_field_type_is_refused_naming_the_field(string fieldId, string valueJson, string message)
    {
        var error = Refused(TestForms.EveryType, new IntakeResponse(fieldId, valueJson));

        var fieldError = Assert.Single(error.Errors!);
        Assert.Equal(fieldId, fieldError.Field);
        Assert.Contains(message, fieldError.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("guests")]
    [InlineData("animals")]
    public void A_list_of_more_than_twenty_people_or_pets_is_refused(string fieldId)
    {
        var item = fieldId == "guests" ? """{"name": "Sam", "dob": "2015-03-02", "relationship": "son"}""" : """{"type": "cat"}""";
        var error = Refused(TestForms.EveryType, new IntakeResponse(fieldId, $"[{string.Join(",", Enumerable.Repeat(item, 21))}]"));

        Assert.Contains("at most 20", Assert.Single(error.Errors!).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_value_clears_the_answer_of_any_field()
    {
        var answers = IntakeAnswerValidator.Validate(
            TestForms.EveryType,
            [.. TestForms.EveryType.Fields.Select(field => new IntakeResponse(field.Id, "null"))],
            Today);

        Assert.Equal(TestForms.EveryType.Fields.Count, answers.Count);
        Assert.All(answers.Values, Assert.Null);
    }

    [Fact]
    public void Values_are_kept_without_surrounding_whitespace()
    {
        var answers = IntakeAnswerValidator.Validate(TestForms.EveryType, [new IntakeResponse("ok", "  \"yes\"\n")], Today);

        Assert.Equal("\"yes\"", answers["ok"]);
    }

    [Fact]
    public void Real_form_choices_are_checked_by_id_not_by_label()
    {
        var guest = IntakeForms.Find(IntakeFormIds.Guest)!;

        Assert.Equal("\"non_binary\"", IntakeAnswerValidator.Validate(guest, [new IntakeResponse("gender_identity", "\"non_binary\"")], Today)["gender_identity"]);
        Assert.Equal("gender_identity", Assert.Single(Refused(guest, new IntakeResponse("gender_identity", "\"Non-binary\"")).Errors!).Field);
    }

    [Fact]
    public void An_unknown_field_id_is_named_by_its_position_in_the_request()
    {
        var error = Refused(
            IntakeForms.Find(IntakeFormIds.Host)!,
            new IntakeResponse("first_name", "\"Ana\""),
            new IntakeResponse("gender_identity", "\"woman\""));

        var fieldError = Assert.Single(error.Errors!);
        Assert.Equal("responses[1].fieldId", fieldError.Field);
        Assert.Contains("Not a field of form 2", fieldError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_field_is_named_in_one_error()
    {
        var error = Refused(
            TestForms.EveryType,
            new IntakeResponse("ok", "\"maybe\""),
            new IntakeResponse("short", "\"fine\""),
            new IntakeResponse("day", "\"tomorrow\""),
            new IntakeResponse("nope", "1"),
            new IntakeResponse("", "1"),
            null!,
            new IntakeResponse("count", null!));

        Assert.Equal(422, error.Status);
        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal(
            ["ok", "day", "responses[3].fieldId", "responses[4].fieldId", "responses[5]", "responses[6].value"],
            error.Errors!.Select(fieldError => fieldError.Field));
    }

    [Fact]
    public void A_field_answered_twice_in_one_request_is_refused()
    {
        var error = Refused(TestForms.EveryType, new IntakeResponse("ok", "\"yes\""), new IntakeResponse("ok", "\"no\""));

        Assert.Equal("responses[1].fieldId", Assert.Single(error.Errors!).Field);
    }

    [Fact]
    public void Ten_thousand_answers_in_one_request_are_one_clean_validation_error()
    {
        var responses = Enumerable.Range(0, 10_000).Select(index => new IntakeResponse($"field{index}", "\"x\"")).ToArray();

        var error = Refused(TestForms.EveryType, responses);

        var fieldError = Assert.Single(error.Errors!);
        Assert.Equal("responses", fieldError.Field);
        Assert.Contains($"At most {IntakeAnswerValidator.MaxResponsesPerRequest} answers", fieldError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_the_answer_limit_is_still_checked_answer_by_answer()
    {
        var responses = Enumerable.Range(0, IntakeAnswerValidator.MaxResponsesPerRequest).Select(index => new IntakeResponse($"field{index}", "1")).ToArray();

        Assert.Equal(IntakeAnswerValidator.MaxResponsesPerRequest, Refused(TestForms.EveryType, responses).Errors!.Count);
    }

    [Fact]
    public void A_value_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        var huge = $"\"{new string('a', IntakeAnswerValidator.MaxValueJsonLength - 1)}\"";
        var padded = $"{new string(' ', IntakeAnswerValidator.MaxValueJsonLength)}null";

        var error = Refused(IntakeForms.Find(IntakeFormIds.Guest)!, new IntakeResponse("introduction", huge), new IntakeResponse("phone", padded));

        Assert.Equal(["introduction", "phone"], error.Errors!.Select(fieldError => fieldError.Field));
        Assert.All(error.Errors!, fieldError => Assert.Contains("at most 20000 characters of JSON", fieldError.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_just_under_the_size_limit_is_checked_against_its_field()
    {
        var large = $"\"{new string('a', IntakeAnswerValidator.MaxValueJsonLength - 2)}\"";

        var error = Refused(IntakeForms.Find(IntakeFormIds.Guest)!, new IntakeResponse("introduction", large));

        Assert.Contains("at most 4000 characters", Assert.Single(error.Errors!).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("yes")]
    [InlineData("\"yes\" \"no\"")]
    [InlineData("")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]]]]")]
    public void A_value_that_is_not_JSON_is_refused(string valueJson)
    {
        var error = Refused(TestForms.EveryType, new IntakeResponse("ok", valueJson));

        Assert.Equal(new FieldError("ok", "The value is not valid JSON"), Assert.Single(error.Errors!));
    }

    [Fact]
    public void A_missing_response_list_is_refused()
    {
        var error = Assert.Throws<HuuException>(() => IntakeAnswerValidator.Validate(TestForms.EveryType, null, Today));

        Assert.Equal(new FieldError("responses", "Field required"), Assert.Single(error.Errors!));
    }

    private static HuuException Refused(IntakeForm form, params IntakeResponse[] responses)
    {
        var error = Assert.Throws<HuuException>(() => IntakeAnswerValidator.Validate(form, responses, Today));
        Assert.Equal(422, error.Status);
        return error;
    }
}
