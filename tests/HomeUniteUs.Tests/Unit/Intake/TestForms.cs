using HomeUniteUs.Grains.IntakeProfiles;

namespace HomeUniteUs.Tests.Unit.Intake;

/// <summary>Small form definitions for tests that need a rule or a type the real forms do not use.</summary>
internal static class TestForms
{
    /// <summary>A form 9 with a plain yes_no field "a" followed by the given field.</summary>
    public static string WithField(string id, string type, string properties, string validations) => $$$"""
        {"id": "9", "fieldGroups": [{"id": "g", "title": "G", "fields": [
          {"id": "a", "title": "A", "type": "yes_no", "properties": {}, "validations": {}},
          {"id": "{{{id}}}", "title": "B", "type": "{{{type}}}", "properties": {{{properties}}}, "validations": {{{validations}}}}
        ]}]}
        """;

    /// <summary>One field of every type, so every type's rules can be tested, including number and multiple_choice, which the real forms do not use.</summary>
    public static readonly IntakeForm EveryType = IntakeForm.Parse("""
        {"id": "9", "fieldGroups": [{"id": "g", "title": "Every type", "fields": [
          {"id": "short", "title": "Short", "type": "short_text", "properties": {}, "validations": {"max_characters": 5}},
          {"id": "long", "title": "Long", "type": "long_text", "properties": {}, "validations": {"max_characters": 20}},
          {"id": "count", "title": "Count", "type": "number", "properties": {}, "validations": {}},
          {"id": "day", "title": "Day", "type": "date", "properties": {}, "validations": {}},
          {"id": "mail", "title": "Mail", "type": "email", "properties": {}, "validations": {}},
          {"id": "colour", "title": "Colour", "type": "dropdown",
           "properties": {"choices": [{"id": "red", "label": "Red"}, {"id": "blue", "label": "Blue"}]}, "validations": {}},
          {"id": "ok", "title": "OK?", "type": "yes_no", "properties": {}, "validations": {}},
          {"id": "guests", "title": "Guests", "type": "additional_guests", "properties": {}, "validations": {}},
          {"id": "animals", "title": "Animals", "type": "pets", "properties": {}, "validations": {}},
          {"id": "reach", "title": "Reach", "type": "contact_method",
           "properties": {"choices": [{"id": "email", "label": "Email"}, {"id": "phone", "label": "Phone"}],
                          "linkedFields": {"email": "mail", "phone": "short"}}, "validations": {}},
          {"id": "days", "title": "Days", "type": "multiple_choice",
           "properties": {"choices": [{"id": "mon", "label": "Monday"}, {"id": "tue", "label": "Tuesday"}]}, "validations": {}}
        ]}]}
        """);
}
