using HomeUniteUs.Configuration;

namespace HomeUniteUs.Tests.Unit.Tenancy;

/// <summary>HUU_COORDINATOR_SIGNUP: open by default, closed on demand, anything else stops start-up naming it.</summary>
public sealed class CoordinatorSignUpSettingTests
{
    internal static Dictionary<string, string> Required() => new()
    {
        ["DATABASE_URL"] = "postgresql://u:p@h/db",
        ["COGNITO_CLIENT_ID"] = "c",
        ["COGNITO_CLIENT_SECRET"] = "s",
        ["COGNITO_REGION"] = "us-west-2",
        ["COGNITO_USER_POOL_ID"] = "p",
        ["COGNITO_ACCESS_ID"] = "a",
        ["COGNITO_ACCESS_KEY"] = "k",
        ["ROOT_URL"] = "http://localhost:3000",
    };

    [Theory]
    [InlineData(null, true)]
    [InlineData("open", true)]
    [InlineData("closed", false)]
    public void The_setting_opens_or_closes_coordinator_sign_up(string? value, bool open)
    {
        var environment = Required();
        if (value is not null)
        {
            environment["HUU_COORDINATOR_SIGNUP"] = value;
        }

        Assert.Equal(open, HuuSettings.Load(environment).CoordinatorSignUpOpen);
    }

    [Fact]
    public void Anything_else_names_the_variable()
    {
        var environment = Required();
        environment["HUU_COORDINATOR_SIGNUP"] = "maybe";
        Assert.Contains("HUU_COORDINATOR_SIGNUP", Assert.Throws<SettingsException>(() => HuuSettings.Load(environment)).Message, StringComparison.Ordinal);
    }
}
