using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Access;
using HomeUniteUs.Tests.Integration.HousingOrgs;
using HomeUniteUs.Tests.Integration.Platform;
using HomeUniteUs.Tests.Integration.Workflow;

namespace HomeUniteUs.Tests.Integration.Cohosted;

/// <summary>A stack whose one silo serves the API itself (HUU_COHOSTED_API=true); no gateway process.</summary>
public sealed class CohostedServiceStack : ServiceStack
{
    protected override bool Cohosted => true;
}

/// <summary>
/// The co-hosted mode runs this documented subset of the integration tests, unchanged: housing orgs
/// (reads served from the read caches), sessions and sign-out, the dashboard, and the platform routes.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CohostedCollection : ICollectionFixture<CohostedServiceStack>
{
    public const string Name = "cohosted";
}

[Collection(CohostedCollection.Name)]
public sealed class CohostedHousingOrgRoutesTests(CohostedServiceStack stack) : HousingOrgRoutesTests(stack);

[Collection(CohostedCollection.Name)]
public sealed class CohostedSessionTests(CohostedServiceStack stack) : SessionTests(stack);

[Collection(CohostedCollection.Name)]
public sealed class CohostedDashboardRoutesTests(CohostedServiceStack stack) : DashboardRoutesTests(stack);

[Collection(CohostedCollection.Name)]
public sealed class CohostedPlatformTests(CohostedServiceStack stack) : PlatformTests(stack);
