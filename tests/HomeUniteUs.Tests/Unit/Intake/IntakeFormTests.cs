using System.Text.Json;
using HomeUniteUs.Grains.IntakeProfiles;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;

namespace HomeUniteUs.Tests.Unit.Intake;

public sealed class IntakeFormTests
{
    [Fact]
    public void The_guest_and_host_forms_are_embedded_as_forms_1_and_2()
    {
        Assert.Equal([IntakeFormIds.Guest, IntakeFormIds.Host], IntakeForms.All.Select(form => form.Id).Order());
        Assert.Equal(IntakeFormIds.Guest, IntakeForms.Find(1)!.Id);
        Assert.Equal(IntakeFormIds.Host, IntakeForms.Find(2)!.Id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(long.MaxValue)]
    public void Other_form_ids_find_nothing(long formId)
    {
        Assert.Null(IntakeForms.Find(formId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_field_has_a_known_type_and_an_id_unique_in_its_form(int formId)
    {
        var form = IntakeForms.Find(formId)!;
        Assert.All(form.Fields, field => Assert.Contains(field.Type, IntakeFieldTypes.All));
        Assert.Equal(form.Fields.Count, form.Fields.Select(field => field.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_served_definition_has_the_API_shape(int formId)
    {
        using var definition = JsonDocument.Parse(IntakeForms.Find(formId)!.DefinitionJson);
        var root = definition.RootElement;
        Assert.Equal(formId.ToString(), root.GetProperty("id").GetString());
        var fields = root.GetProperty("fieldGroups").EnumerateArray()
            .Select(group =>
            {
                Assert.False(string.IsNullOrWhiteSpace(group.GetProperty("id").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(group.GetProperty("title").GetString()));
                return group;
            })
            .SelectMany(group => group.GetProperty("fields").EnumerateArray())
            .ToList();
        Assert.Equal(IntakeForms.Find(formId)!.Fields.Count, fields.Count);
        Assert.All(fields, field =>
        {
            Assert.Equal(["id", "title", "type", "properties", "validations"], field.EnumerateObject().Select(property => property.Name));
            Assert.Equal(JsonValueKind.Object, field.GetProperty("properties").ValueKind);
            Assert.Equal(JsonValueKind.Object, field.GetProperty("validations").ValueKind);
        });
    }

    [Fact]
    public void Gender_identity_offers_the_six_choices_of_the_issue()
    {
        var field = IntakeForms.Find(IntakeFormIds.Guest)!.Field("gender_identity")!;
        Assert.Equal(IntakeFieldTypes.Dropdown, field.Type);
        Assert.Equal(["woman", "man", "questioning", "transgender", "non_binary", "prefers_not_to_answer"], field.ChoiceIds);
    }

    [Fact]
    public void Preferred_contact_method_is_linked_to_the_email_and_phone_fields()
    {
        var form = IntakeForms.Find(IntakeFormIds.Guest)!;
        var field = form.Field("preferred_contact_method")!;
        Assert.Equal(IntakeFieldTypes.ContactMethod, field.Type);
        Assert.Equal("email", field.LinkedFields["email"]);
        Assert.Equal("phone", field.LinkedFields["phone"]);
        Assert.Equal(IntakeFieldTypes.Email, form.Field("email")!.Type);
    }

    [Theory]
    [InlineData(1, "pets", "has_pets", "yes")]
    [InlineData(1, "employment_description", "employed", "yes")]
    [InlineData(1, "job_search", "employed", "no")]
    [InlineData(1, "education_description", "enrolled_in_education", "yes")]
    [InlineData(1, "education_plans", "enrolled_in_education", "no")]
    [InlineData(1, "languages_spoken", "multilingual", "yes")]
    [InlineData(2, "drinking_concerns_explanation", "drinking_concerns", "yes")]
    public void Follow_up_questions_are_required_if_their_yes_no_question_has_the_answer(int formId, string fieldId, string questionId, string answer)
    {
        var form = IntakeForms.Find(formId)!;
        Assert.Equal(new IntakeCondition(questionId, answer), form.Field(fieldId)!.RequiredIf);
        Assert.Equal(IntakeFieldTypes.YesNo, form.Field(questionId)!.Type);
    }

    [Fact]
    public void The_guest_form_asks_the_three_program_questions_and_the_introduction_as_required_long_answers()
    {
        var form = IntakeForms.Find(IntakeFormIds.Guest)!;
        Assert.All(["program_goals", "host_relationship", "foreseen_challenges", "introduction"], id =>
        {
            Assert.Equal(IntakeFieldTypes.LongText, form.Field(id)!.Type);
            Assert.True(form.Field(id)!.Required);
        });
    }

    [Fact]
    public void The_host_form_asks_every_home_and_household_question_as_a_required_yes_no()
    {
        var form = IntakeForms.Find(IntakeFormIds.Host)!;
        string[] questions =
        [
            "private_space", "kitchen_and_bathroom_access", "can_host_three_to_six_months",
            "household_smokes", "smoking_allowed_inside", "household_drinks_alcohol", "drinking_concerns",
        ];
        Assert.All(questions, id =>
        {
            Assert.Equal(IntakeFieldTypes.YesNo, form.Field(id)!.Type);
            Assert.True(form.Field(id)!.Required);
        });
    }

    [Theory]
    [InlineData("""{"required": true, "max_character": 10}""", "max_character")]
    [InlineData("""{"required_if": {"field": "nope", "equals": "yes"}}""", "nope")]
    [InlineData("""{"required_if": {"field": "a", "value": "yes"}}""", "value")]
    [InlineData("""{"required": true, "required_if": {"field": "a", "equals": "yes"}}""", "both required")]
    public void A_misspelt_or_dangling_validation_fails_the_form_load(string validations, string named)
    {
        var json = TestForms.WithField("b", "short_text", "{}", validations);
        var error = Assert.Throws<FormatException>(() => IntakeForm.Parse(json));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("telepathy", "{}", "unknown type")]
    [InlineData("yes_no", """{"choices": [{"id": "x", "label": "X"}]}""", "choice types")]
    [InlineData("dropdown", "{}", "choice types")]
    [InlineData("dropdown", """{"choices": [{"id": "x", "label": "X"}, {"id": "x", "label": "Y"}]}""", "repeats a choice id")]
    [InlineData("contact_method", """{"choices": [{"id": "x", "label": "X"}], "linkedFields": {"y": "a"}}""", "linkedFields key")]
    [InlineData("contact_method", """{"choices": [{"id": "x", "label": "X"}], "linkedFields": {"x": "nowhere"}}""", "nowhere")]
    public void A_field_with_a_bad_type_or_choices_fails_the_form_load(string type, string properties, string named)
    {
        var json = TestForms.WithField("b", type, properties, "{}");
        var error = Assert.Throws<FormatException>(() => IntakeForm.Parse(json));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_id_used_twice_fails_the_form_load()
    {
        var error = Assert.Throws<FormatException>(() => IntakeForm.Parse(TestForms.WithField("a", "short_text", "{}", "{}")));
        Assert.Contains("'a' is used twice", error.Message, StringComparison.Ordinal);
    }
}
