namespace HomeUniteUs.WebGateway.Access;

/// <summary>
/// Reach on every route, in one place: every endpoint of the API runs behind this filter (see
/// <see cref="GatewayPipeline"/>), so a route added later is covered without asking. A coordinator who
/// names a person (route or query value <c>userId</c>, <c>guestId</c> or <c>hostId</c>) outside their
/// reach gets the 404 <c>NOT_FOUND</c> of an unknown id; the person's user grain decides with the
/// caller's current membership (<see cref="IUserGrain.ReachedBy"/>). Admins reach everyone; guests and
/// hosts are held to themselves by each route's own rules. Lists are filtered by their own routes.
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
            foreach (var personId in PersonIds(http.Request))
            {
                if (!await grains.GetGrain<IUserGrain>(personId).ReachedBy(caller))
                {
                    throw HuuException.NotFound($"User with id {personId} does not exist.");
                }
            }
        }

        return await next(context);
    }

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
