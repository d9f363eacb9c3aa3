using HomeUniteUs.Configuration;
using HomeUniteUs.Silo;

namespace HomeUniteUs.Tests.Unit.Hosting;

public sealed class SiloProcessModeTests
{
    [Fact]
    public void Without_settings_a_silo_applies_migrations_itself_without_Kubernetes_hosting_or_the_API()
    {
        Assert.Equal(new SiloProcessMode(CohostedApi: false, KubernetesHosting: false, MigrationMode.Apply), SiloProcessMode.Load(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("", MigrationMode.Apply)]
    [InlineData("apply", MigrationMode.Apply)]
    [InlineData(" ONLY ", MigrationMode.Only)]
    [InlineData("wait", MigrationMode.Wait)]
    public void HUU_MIGRATIONS_names_the_mode(string value, MigrationMode expected)
    {
        Assert.Equal(expected, SiloProcessMode.Load(new Dictionary<string, string> { [SiloProcessMode.MigrationsVariable] = value }).Migrations);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    public void HUU_KUBERNETES_HOSTING_is_on_only_when_set_to_true(string value, bool expected)
    {
        Assert.Equal(expected, SiloProcessMode.Load(new Dictionary<string, string> { [KubernetesHosting.Variable] = value }).KubernetesHosting);
    }

    [Theory]
    [InlineData(SiloProcessMode.MigrationsVariable, "skip")]
    [InlineData(KubernetesHosting.Variable, "yes")]
    [InlineData(CohostedApi.Variable, "cohosted")]
    public void Any_other_value_stops_start_up_naming_the_variable(string variable, string value)
    {
        var error = Assert.Throws<SettingsException>(() => SiloProcessMode.Load(new Dictionary<string, string> { [variable] = value }));
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }
}
