using HomeUniteUs.Observability;

namespace HomeUniteUs.Tests.Unit.Observability;

public sealed class TelemetrySettingsTests
{
    private static TelemetrySettings From(params (string Name, string Value)[] variables) =>
        TelemetrySettings.From("huu-test", name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void Unset_the_default_sampler_keeps_its_default_share()
    {
        var settings = From();
        Assert.False(settings.SamplerFromEnvironment);
        Assert.Equal(TelemetrySettings.DefaultSampleRatio, settings.SampleRatio);
        Assert.Equal(TelemetrySettings.DefaultTracesPerSecond, settings.TracesPerSecond);
        Assert.Equal("huu-test", settings.ServiceName);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData(" 250 ", 250)]
    public void The_traces_a_second_cap_is_a_whole_number_and_0_lifts_it(string value, int cap) =>
        Assert.Equal(cap, From(("HUU_TRACES_PER_SECOND", value)).TracesPerSecond);

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("0.01", 0.01)]
    [InlineData(" 1 ", 1.0)]
    public void The_sampler_argument_alone_sets_the_share_of_the_default_sampler(string argument, double ratio)
    {
        var settings = From(("OTEL_TRACES_SAMPLER_ARG", argument));
        Assert.False(settings.SamplerFromEnvironment);
        Assert.Equal(ratio, settings.SampleRatio);
    }

    [Theory]
    [InlineData("OTEL_TRACES_SAMPLER_ARG", "1.5")]
    [InlineData("OTEL_TRACES_SAMPLER_ARG", "-0.1")]
    [InlineData("OTEL_TRACES_SAMPLER_ARG", "half")]
    [InlineData("OTEL_TRACES_SAMPLER_ARG", "1e-2")]
    [InlineData("HUU_TRACES_PER_SECOND", "-1")]
    [InlineData("HUU_TRACES_PER_SECOND", "many")]
    [InlineData("HUU_TRACES_PER_SECOND", "1.5")]
    public void A_sampler_setting_that_does_not_parse_stops_start_up_naming_it(string name, string value)
    {
        var error = Assert.Throws<HomeUniteUs.Configuration.SettingsException>(() => From((name, value)));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_sampler_leaves_its_argument_to_the_sdk()
    {
        var settings = From(("OTEL_TRACES_SAMPLER", "always_on"), ("OTEL_TRACES_SAMPLER_ARG", "whatever the sdk makes of it"));
        Assert.True(settings.SamplerFromEnvironment);
    }
}
