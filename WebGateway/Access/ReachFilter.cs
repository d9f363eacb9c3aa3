namespace HomeUniteUs.WebGateway.Access;

/// <summary>
/// Reach on every route, in one place: every endpoint of the API runs behind this filter (see
/// <see cref="GatewayPipeline"/>), so a route added later is covered without asking. A coordinator who
/// names a person (route or query value <c>userId</c>, <c>guestId</c> or <c>hostId</c>, or a body that
/// <see cref="INamesPeople"/>) outside their reach gets the 404 <c>NOT_FOUND</c> of an unknown id; the
/// person's user grain decides with the caller's current membership (<see cref="IUserGrain.ReachedBy"/>).
/// A route that <see cref="NamesMatch"/> names the match's guest and host: one outside reach is the 404
/// of an unknown match id. Admins reach everyone; guests and hosts are held to themselves by each
/// route's own rules. Lists are filtered by their own routes. The one route whose person's grain
/// decides reach itself says so (<see cref="ReachOfPersonDecidedByGrain"/>).
/// </summary>
public sealed class ReachFilter : IEndpointFilter
{
    private static readonly string[] PersonKeys = ["userId", "guestId", "hostId"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated == true && http.User.IsInRole(UserRoles.Coordinator))
        {
            var caller = http.User.Caller();
            // Resolved only here: public routes (/api/health) answer before any silo is reachable.
            var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
            var routed = http.GetEndpoint()?.Metadata.GetMetadata<ReachOfPersonDecidedByGrain>() is null ? PersonIds(http.Request) : [];
            var named = routed.Concat(context.Arguments.OfType<INamesPeople>().SelectMany(body => body.PersonIds));
            foreach (var personId in named.Where(id => id > 0))
            {
                if (!await grains.GetGrain<IUserGrain>(personId).ReachedBy(caller))
                {
                    throw HuuException.NotFound($"User with id {personId} does not exist.");
                }
            }

            if (MatchId(http) is { } matchId && await grains.GetGrain<IMatchGrain>(matchId).Peek() is { } match)
            {
                foreach (var personId in new[] { match.GuestId, match.HostId })
                {
                    if (!await grains.GetGrain<IUserGrain>(personId).ReachedBy(caller))
                    {
                        throw MatchErrors.NotFound(matchId);
                    }
                }
            }
        }

        return await next(context);
    }

    private static long? MatchId(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<NamesMatch>() is { } route
            && http.Request.RouteValues.TryGetValue(route.Key, out var value)
            && long.TryParse(value as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;

    private static IEnumerable<long> PersonIds(HttpRequest request)
    {
        foreach (var key in PersonKeys)
        {
            var value = request.RouteValues.TryGetValue(key, out var routed) ? routed as string : request.Query[key].ToString();
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                yield return id;
            }
        }
    }
}

/// <summary>A request body that names people by id: the reach filter checks each like a route or query value (ids of 0 or less are skipped).</summary>
public interface INamesPeople
{
    IEnumerable<long> PersonIds { get; }
}

/// <summary>
/// Route metadata: the person of the route value is checked by their user grain instead of this filter, with the same 404.
/// Only PUT /api/users/{userId}/housing-org has it: the lead of X may bring an unaffiliated coordinator into X, a person
/// outside their reach (API.md), which only the grain can tell from the change asked for
/// (<c>MembershipRules.LeadTakesCoordinatorIn</c>).
/// </summary>
public sealed record ReachOfPersonDecidedByGrain;

/// <summary>Route metadata: the route value <paramref name="Key"/> is a match id, so the route names the match's guest and host.</summary>
public sealed record NamesMatch(string Key);
