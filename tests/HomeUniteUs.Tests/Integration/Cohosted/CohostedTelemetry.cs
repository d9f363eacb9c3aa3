using HomeUniteUs.Tests.Integration.Observability;

namespace HomeUniteUs.Tests.Integration.Cohosted;

/// <summary>The telemetry stack, co-hosted: /metrics behind its token, the request histogram, and the silo's domain meters.</summary>
public sealed class CohostedTelemetryStack : TelemetryStack
{
    protected override bool Cohosted => true;
}

[CollectionDefinition(Name)]
public sealed class CohostedTelemetryCollection : ICollectionFixture<CohostedTelemetryStack>
{
    public const string Name = "cohosted-telemetry";
}

[Collection(CohostedTelemetryCollection.Name)]
public sealed class CohostedMetricsTests(CohostedTelemetryStack stack) : MetricsTests(stack);
