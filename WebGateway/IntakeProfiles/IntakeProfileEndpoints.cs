using System.Security.Claims;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Interfaces.IntakeProfiles;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeUniteUs.WebGateway.IntakeProfiles;

/// <summary>
/// The intake forms and profiles. Every route needs a signed-in caller; who may read, write or review a
/// profile is decided by <see cref="IIntakeProfileAccessGrain"/>, not here. Answers are never logged.
/// </summary>
public static class IntakeProfileEndpoints
{
    public static IEndpointRouteBuilder MapIntakeProfilesApi(this IEndpointRouteBuilder app)
    {
        var intake = app.MapGroup("/api/intake-profile").WithTags("Intake profiles").RequireAuthorization(Policies.AnyUser);
        intake.MapGet("/form/{formId}", GetForm).Produces(StatusCodes.Status200OK, contentType: "application/json");
        intake.MapGet("/responses/{userId}", GetResponses);
        intake.MapPut("/responses/{userId}", PutResponses).Accepts<IntakeResponsesDto>("application/json");
        intake.MapGet("/{userId}", GetProfile);
        intake.MapPut("/{userId}", PutProfile).Accepts<IntakeResponsesDto>("application/json");
        intake.MapPost("/{userId}/submit", Submit);
        intake.MapPost("/{userId}/review", Review).Accepts<IntakeReviewRequest>("application/json");
        return app;
    }

    private static IIntakeProfileAccessGrain Profile(ClusterClientHost cluster, string userId) =>
        cluster.Grains.GetGrain<IIntakeProfileAccessGrain>(PathIds.Parse(userId, "userId"));

    /// <summary>The definition exactly as the form grain holds it.</summary>
    internal static async Task<ContentHttpResult> GetForm(string formId, ClusterClientHost cluster)
    {
        var id = PathIds.Parse(formId, "formId");
        var json = await cluster.Grains.GetGrain<IIntakeFormGrain>(id).GetDefinitionJson()
            ?? throw HuuException.NotFound($"Form with id {id} does not exist.");
        return TypedResults.Text(json, "application/json");
    }

    internal static async Task<Ok<IntakeResponsesDto>> GetResponses(string userId, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var profile = Profile(cluster, userId);
        return TypedResults.Ok(IntakeResponsesDto.From(await profile.Get(user.Caller())));
    }

    private static async Task<Ok<IntakeResponsesDto>> PutResponses(string userId, HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster) =>
        TypedResults.Ok(IntakeResponsesDto.From(await Save(userId, request, user, cluster)));

    private static async Task<Ok<IntakeProfileDto>> GetProfile(string userId, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var profile = Profile(cluster, userId);
        return TypedResults.Ok(IntakeProfileDto.From(await profile.Get(user.Caller())));
    }

    private static async Task<Ok<IntakeProfileDto>> PutProfile(string userId, HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster) =>
        TypedResults.Ok(IntakeProfileDto.From(await Save(userId, request, user, cluster)));

    /// <summary>Answers with the whole profile, whose status is SUBMITTED.</summary>
    private static async Task<Ok<IntakeProfileDto>> Submit(string userId, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var profile = Profile(cluster, userId);
        return TypedResults.Ok(IntakeProfileDto.From(await profile.Submit(user.Caller())));
    }

    private static async Task<Ok<IntakeReviewDto>> Review(string userId, HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var profile = Profile(cluster, userId);
        var caller = user.Caller();
        var body = await JsonBody.Read(request);
        var decision = body.String("decision", required: true, maxLength: 64);
        var note = body.String("note", required: false, maxLength: int.MaxValue);
        body.ThrowIfInvalid();
        return TypedResults.Ok(IntakeReviewDto.From(await profile.Review(caller, decision!, note), decision!));
    }

    private static async Task<IntakeProfile> Save(string userId, HttpRequest request, ClaimsPrincipal user, ClusterClientHost cluster)
    {
        var profile = Profile(cluster, userId);
        var caller = user.Caller();
        var responses = IntakeResponsesBody.Read(await JsonBody.Read(request));
        return await profile.Save(caller, responses);
    }
}
