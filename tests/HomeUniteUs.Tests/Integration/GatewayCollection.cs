using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration;

/// <summary>One silo + gateway stack shared by the integration test classes of this collection.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<ServiceStack>
{
    public const string Name = "gateway";
}
