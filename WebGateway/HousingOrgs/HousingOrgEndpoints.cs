using HomeUniteUs.Grains.Interfaces.HousingOrgs;
using HomeUniteUs.WebGateway.Idempotency;
using HomeUniteUs.WebGateway.ReadCaches;

namespace HomeUniteUs.WebGateway.HousingOrgs;

public static class HousingOrgEndpoints
{
    public static IEndpointRouteBuilder MapHousingOrgsApi(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/housing-orgs").WithTags("Housing orgs").ProducesErrors(StatusCodes.Status503ServiceUnavailable);
        orgs.MapGet("/", List);
        orgs.MapGet("/{id}", Get).ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        orgs.MapPost("/", Create).RequireCaller(Policies.Admin).WithIdempotencyKeyInWrite()
            .ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        orgs.MapPut("/{id}", Put).RequireCaller(Policies.Admin)
            .ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        orgs.MapDelete("/{id}", Delete).RequireCaller(Policies.Admin)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        orgs.MapGet("/{id}/members", Members).RequireCaller(Policies.CoordinatorOrAdmin)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static IHousingOrgRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IHousingOrgRegistryGrain>(0);

    /// <summary>Served from this gateway's read cache (dropped by the grains before a write is acknowledged).</summary>
    private static async Task<JsonBytesResult<List<HousingOrgDto>>> List(IGrainFactory grains, HousingOrgReadCache orgs) =>
        new(await orgs.List(grains));

    private static async Task<JsonBytesResult<HousingOrgDto>> Get(PathId id, IGrainFactory grains, HousingOrgReadCache orgs) =>
        new(await orgs.Get(id, grains) ?? throw HuuException.NotFound($"Housing org with id {id} does not exist."));

    /// <summary>The Idempotency-Key, when sent, is recorded by the registry in the new org's own write (and replayed by it).</summary>
    private static async Task<Results<Created<HousingOrgDto>, StatusCodeHttpResult>> Create(HousingOrgRequest request, IGrainFactory grains, HttpContext context)
    {
        var response = context.Response;
        var result = await Registry(grains).Create(request.OrgName, CarriedIdempotencyKey.Of(context));
        if (result.Replayed)
        {
            CarriedIdempotencyKey.MarkReplayed(response);
        }

        var location = $"/api/housing-orgs/{result.Org.Id}";
        if (!result.Created)
        {
            // The name is taken: point at the org that has it (FastAPI's behaviour, kept).
            response.Headers.Location = location;
            return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
        }

        return TypedResults.Created(location, HousingOrgDto.From(result.Org));
    }

    private static async Task<Results<Ok<HousingOrgDto>, Created<HousingOrgDto>>> Put(PathId id, HousingOrgRequest request, IGrainFactory grains)
    {
        if (request.HousingOrgId is { } bodyId && bodyId != id)
        {
            throw HuuException.Conflict($"The id in the body ({bodyId}) does not match the id in the path ({id})");
        }

        var result = await Registry(grains).Put(id, request.OrgName);
        var dto = HousingOrgDto.From(result.Org);
        return result.Created
            ? TypedResults.Created($"/api/housing-orgs/{id}", dto)
            : TypedResults.Ok(dto);
    }

    /// <summary>An org that still has members stays (409 with their count): move them out first.</summary>
    private static async Task<NoContent> Delete(PathId id, IGrainFactory grains)
    {
        // An unknown id is answered from the registry's index: it activates no view of the dashboard (one per org).
        if (await Registry(grains).Get(id) is null)
        {
            throw HuuException.NotFound($"Housing org with id {id} does not exist.");
        }

        if (await grains.GetGrain<ICoordinatorDashboardGrain>(0).Members(id) is { Count: > 0 } members)
        {
            throw HuuException.Conflict($"Housing org {id} still has {members.Count} member(s): move them out first",
                [.. members.Select(m => $"{m.Email} (#{m.Id})")]);
        }

        return await Registry(grains).Delete(id)
            ? TypedResults.NoContent()
            : throw HuuException.NotFound($"Housing org with id {id} does not exist.");
    }

    /// <summary>The org's guests, hosts and coordinators by id: for its coordinators and admins (another org's coordinator: 403).</summary>
    private static async Task<Ok<List<UserDto>>> Members(PathId id, ClaimsPrincipal user, IGrainFactory grains, HousingOrgReadCache orgs, CurrentUserReadCache users)
    {
        await RequireOrgReader(id, user.Caller(), grains, orgs, users, "list its members");
        var members = await grains.GetGrain<ICoordinatorDashboardGrain>(0).Members(id);
        return TypedResults.Ok(members.Select(UserDto.From).ToList());
    }

    /// <summary>
    /// Who may read an org's members and stats: the org exists (else 404), and the caller is an admin or one of
    /// its coordinators by their current membership (else 403), read from the gateway's copy of the caller's user
    /// (<see cref="CurrentUserReadCache"/>: no grain call per read while it is unchanged, and a membership change is
    /// followed by the next read after its 2xx). Routes using it also require a coordinator or admin.
    /// </summary>
    public static async Task RequireOrgReader(long id, Caller caller, IGrainFactory grains, HousingOrgReadCache orgs, CurrentUserReadCache users, string what)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(orgs);
        ArgumentNullException.ThrowIfNull(users);
        _ = await orgs.Get(id, grains) ?? throw HuuException.NotFound($"Housing org with id {id} does not exist.");
        if (!caller.IsAdmin && (await users.Scope(caller.UserId, grains))?.HousingOrgId != id)
        {
            throw HuuException.Forbidden($"Only the org's coordinators and admins may {what}");
        }
    }
}

/// <summary>A housing org on the wire (snake_case, as the frontend sends it).</summary>
public sealed record HousingOrgDto(
    [property: JsonPropertyName("housing_org_id")] long HousingOrgId,
    [property: JsonPropertyName("org_name")] string OrgName)
{
    public static HousingOrgDto From(HousingOrg org) => new(org.Id, org.Name);
}

/// <summary>The body of POST and PUT.</summary>
public sealed record HousingOrgRequest(
    [property: JsonPropertyName("org_name"), RequiredField, Text(200)] string OrgName,
    [property: JsonPropertyName("housing_org_id"), PositiveId] long? HousingOrgId);
