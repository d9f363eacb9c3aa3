namespace HomeUniteUs.WebGateway.Errors;

/// <summary>Declares, for the OpenAPI document, the error statuses a route answers (always in the one shape, <see cref="ApiError"/>).</summary>
public static class ErrorResponses
{
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata([.. statuses.Select(status => new ProducesResponseTypeMetadata(status, typeof(ApiError), ["application/json"]))]);

    /// <summary>Requires the policy (<see cref="Policies"/>) and declares its 401 and 403.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy).ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
