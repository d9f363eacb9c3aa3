using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.Tests.Integration.Access;
using HomeUniteUs.Tests.Integration.HousingOrgs;
using HomeUniteUs.Tests.Integration.Journeys;
using HomeUniteUs.Tests.Integration.Platform;
using HomeUniteUs.Tests.Integration.Workflow;

namespace HomeUniteUs.Tests.Integration.Cohosted;

/// <summary>A stack whose one silo serves the API itself (HUU_COHOSTED_API=true); no gateway process.</summary>
public sealed class CohostedServiceStack : ServiceStack
{
    protected override bool Cohosted => true;
}

/// <summary>
/// The co-hosted mode runs this subset of the integration test classes, unchanged, against a silo that
/// serves the API itself: housing orgs (read caches), sessions and sign-out, users and invites, token
/// verification, bad JSON, the junk sweep over every route of its OpenAPI document, the platform routes
/// (health, readiness, /docs), the dashboard and a journey from intake to match.
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
public sealed class CohostedUsersAndInvitesTests(CohostedServiceStack stack) : UsersAndInvitesTests(stack);

[Collection(CohostedCollection.Name)]
public sealed class CohostedTokenVerificationTests(CohostedServiceStack stack) : TokenVerificationTests(stack);

[Collection(CohostedCollection.Name)]
public sealed class CohostedBadJsonTests(CohostedServiceStack stack) : BadJsonTests(stack);

[Collection(CohostedCollection.Name)]
public sealed class CohostedGarbageInputTests(CohostedServiceStack stack) : GarbageInputTests(stack);

[Collection(CohostedCollection.Name)]
public sealed class CohostedPlatformTests(CohostedServiceStack stack) : PlatformTests(stack);

[Collection(CohostedCollection.Name)]
public sealed class CohostedDashboardRoutesTests(CohostedServiceStack stack) : DashboardRoutesTests(stack);

[Collection(CohostedCollection.Name)]
public sealed class CohostedJourneyFlowTests(CohostedServiceStack stack) : JourneyFlowTests(stack);
