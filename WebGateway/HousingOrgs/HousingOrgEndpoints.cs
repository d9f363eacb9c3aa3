using System.Text.Json.Serialization;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.HousingOrgs;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Http;
using HomeUniteUs.WebGateway.ReadCaches;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.HousingOrgs;

public static class HousingOrgEndpoints
{
    public static IEndpointRouteBuilder MapHousingOrgsApi(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/housing-orgs").WithTags("Housing orgs");
        orgs.MapGet("/", List);
        orgs.MapGet("/{id}", Get);
        orgs.MapPost("/", Create).RequireAuthorization(Policies.Admin).Accepts<HousingOrgRequest>("application/json");
        orgs.MapPut("/{id}", Put).RequireAuthorization(Policies.Admin).Accepts<HousingOrgRequest>("application/json");
        orgs.MapDelete("/{id}", Delete).RequireAuthorization(Policies.Admin);
        return app;
    }

    private static IHousingOrgRegistryGrain Registry(ClusterClientHost cluster) =>
        cluster.Grains.GetGrain<IHousingOrgRegistryGrain>(0);

    private static async Task<JsonBytesResult<List<HousingOrgDto>>> List(HousingOrgReadCache orgs) => new(await orgs.List());

    private static async Task<JsonBytesResult<HousingOrgDto>> Get(string id, HousingOrgReadCache orgs) =>
        new(await orgs.Get(PathIds.Parse(id)) ?? throw HuuException.NotFound($"Housing org with id {id} does not exist."));

    private static async Task<Results<Created<HousingOrgDto>, StatusCodeHttpResult>> Create(HttpRequest request, ClusterClientHost cluster)
    {
        var body = await JsonBody.Read(request);
        var name = body.String("org_name", required: true, maxLength: 200)!;
        body.ThrowIfInvalid();
        var result = await Registry(cluster).Create(name);
        var location = $"/api/housing-orgs/{result.Org.Id}";
        if (!result.Created)
        {
            // The name is taken: point at the org that has it (FastAPI's behaviour, kept).
            request.HttpContext.Response.Headers.Location = location;
            return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
        }

        return TypedResults.Created(location, HousingOrgDto.From(result.Org));
    }

    private static async Task<Results<Ok<HousingOrgDto>, Created<HousingOrgDto>>> Put(string id, HttpRequest request, ClusterClientHost cluster)
    {
        var orgId = PathIds.Parse(id);
        var body = await JsonBody.Read(request);
        var name = body.String("org_name", required: true, maxLength: 200);
        var bodyId = body.PositiveLong("housing_org_id", required: false);
        body.ThrowIfInvalid();
        if (bodyId is not null && bodyId != orgId)
        {
            throw HuuException.Conflict($"The id in the body ({bodyId}) does not match the id in the path ({orgId})");
        }

        var result = await Registry(cluster).Put(orgId, name!);
        var dto = HousingOrgDto.From(result.Org);
        return result.Created
            ? TypedResults.Created($"/api/housing-orgs/{orgId}", dto)
            : TypedResults.Ok(dto);
    }

    private static async Task<NoContent> Delete(string id, ClusterClientHost cluster)
    {
        var orgId = PathIds.Parse(id);
        return await Registry(cluster).Delete(orgId)
            ? TypedResults.NoContent()
            : throw HuuException.NotFound($"Housing org with id {orgId} does not exist.");
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
    [property: JsonPropertyName("org_name")] string OrgName,
    [property: JsonPropertyName("housing_org_id")] long? HousingOrgId);
