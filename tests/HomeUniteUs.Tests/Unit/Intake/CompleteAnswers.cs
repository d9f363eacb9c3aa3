namespace HomeUniteUs.Tests.Unit.Intake;

/// <summary>Stored answers (field id → raw JSON) that complete each real form, for submit tests to take apart.</summary>
internal static class CompleteAnswers
{
    public static Dictionary<string, string> Guest() => new(StringComparer.Ordinal)
    {
        ["first_name"] = "\"Ana\"",
        ["last_name"] = "\"Lopez\"",
        ["date_of_birth"] = "\"2001-04-09\"",
        ["gender_identity"] = "\"woman\"",
        ["email"] = "\"ana@example.org\"",
        ["preferred_contact_method"] = "\"email\"",
        ["has_pets"] = "\"no\"",
        ["employed"] = "\"yes\"",
        ["employment_description"] = "\"Barista, mornings\"",
        ["enrolled_in_education"] = "\"no\"",
        ["education_plans"] = "\"A nursing course next year\"",
        ["multilingual"] = "\"no\"",
        ["smokes"] = "\"no\"",
        ["drinks_alcohol"] = "\"no\"",
        ["uses_other_substances"] = "\"no\"",
        ["mental_health_concerns"] = "\"no\"",
        ["program_goals"] = "\"Time to save a deposit\"",
        ["host_relationship"] = "\"Friendly, with some privacy\"",
        ["foreseen_challenges"] = "\"Long commute\"",
        ["introduction"] = "\"I like cooking and hiking.\"",
    };

    public static Dictionary<string, string> Host() => new(StringComparer.Ordinal)
    {
        ["first_name"] = "\"Lee\"",
        ["last_name"] = "\"Park\"",
        ["date_of_birth"] = "\"1970-10-10\"",
        ["private_space"] = "\"yes\"",
        ["kitchen_and_bathroom_access"] = "\"yes\"",
        ["can_host_three_to_six_months"] = "\"yes\"",
        ["pets_welcome"] = "\"yes\"",
        ["can_host_additional_guests"] = "\"yes\"",
        ["household_smokes"] = "\"no\"",
        ["smoking_allowed_inside"] = "\"no\"",
        ["household_drinks_alcohol"] = "\"yes\"",
        ["drinking_concerns"] = "\"no\"",
    };
}
