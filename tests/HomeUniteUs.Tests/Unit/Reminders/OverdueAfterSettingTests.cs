using HomeUniteUs.Configuration;
using HomeUniteUs.Tests.Unit.Tenancy;

namespace HomeUniteUs.Tests.Unit.Reminders;

/// <summary>HUU_OVERDUE_AFTER: seconds, a positive whole number, 86400 when absent; anything else stops start-up naming it.</summary>
public sealed class OverdueAfterSettingTests
{
    [Theory]
    [InlineData(null, 86400)]
    [InlineData("", 86400)]
    [InlineData("1", 1)]
    [InlineData(" 3 ", 3)]
    [InlineData("604800", 604800)]
    public void The_setting_is_a_number_of_seconds(string? value, int seconds)
    {
        var environment = CoordinatorSignUpSettingTests.Required();
        if (value is not null)
        {
            environment["HUU_OVERDUE_AFTER"] = value;
        }

        Assert.Equal(TimeSpan.FromSeconds(seconds), HuuSettings.Load(environment).OverdueAfter);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("24h")]
    [InlineData("99999999999")]
    public void Anything_else_stops_start_up_with_one_line_naming_it(string value)
    {
        var environment = CoordinatorSignUpSettingTests.Required();
        environment["HUU_OVERDUE_AFTER"] = value;
        var message = Assert.Throws<SettingsException>(() => HuuSettings.Load(environment)).Message;
        Assert.Equal($"Invalid environment variable HUU_OVERDUE_AFTER: expected a positive whole number of seconds, got '{value}'", message);
    }
}
