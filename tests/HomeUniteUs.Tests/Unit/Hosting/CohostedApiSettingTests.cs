using HomeUniteUs.Configuration;
using HomeUniteUs.Silo;

namespace HomeUniteUs.Tests.Unit.Hosting;

public sealed class CohostedApiSettingTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("true", true)]
    [InlineData(" TRUE ", true)]
    [InlineData("1", true)]
    public void HUU_COHOSTED_API_is_off_unless_set_to_true(string? value, bool expected)
    {
        var environment = new Dictionary<string, string>();
        if (value is not null)
        {
            environment[CohostedApi.Variable] = value;
        }

        Assert.Equal(expected, CohostedApi.IsEnabled(environment));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("cohosted")]
    public void Any_other_value_stops_start_up_naming_the_variable(string value)
    {
        var error = Assert.Throws<SettingsException>(() => CohostedApi.IsEnabled(new Dictionary<string, string> { [CohostedApi.Variable] = value }));
        Assert.Contains(CohostedApi.Variable, error.Message, StringComparison.Ordinal);
    }
}
