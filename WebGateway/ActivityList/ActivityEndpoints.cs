using HomeUniteUs.Grains.Interfaces.ActivityList;
using HomeUniteUs.WebGateway.Access;
using HomeUniteUs.WebGateway.ReadCaches;
using Microsoft.AspNetCore.Mvc;

namespace HomeUniteUs.WebGateway.ActivityList;

/// <summary>/api/coordinator/activity: the activity list a coordinator or an admin reaches, read by cursor.</summary>
public static class ActivityEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapActivityApi(this IEndpointRouteBuilder app)
    {
        var activity = app.MapGroup("/api/coordinator/activity").WithTags("Activity")
            .ProducesErrors(StatusCodes.Status503ServiceUnavailable);
        activity.MapGet("", Read).RequireCaller(Policies.CoordinatorOrAdmin).ProducesErrors(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>
    /// Events strictly after <paramref name="after"/> (without it: the last 50), at most <paramref name="limit"/>, that the
    /// caller reaches by their current membership, read from their own user grain (never from a token claim).
    /// </summary>
    private static async Task<JsonBytesResult<ActivityPageDto>> Read([FromQuery] string? after, [FromQuery] string? limit, ClaimsPrincipal user, IGrainFactory grains, CurrentUserReadCache users, ActivityReadCache pages)
    {
        var errors = new List<FieldError>();
        var cursor = Number(after, nameof(after), 0, long.MaxValue, errors);
        var size = Number(limit, nameof(limit), 1, MaxLimit, errors);
        if (errors.Count > 0)
        {
            throw HuuException.Validation(errors);
        }

        var reader = await users.ReachOf(user.Caller(), grains) ?? throw HuuException.Forbidden();
        // The body is written by the silo from the rows it read (the shape of ActivityPageDto) and sent as it is; a repeated
        // poll is answered from the gateway's copy until events are committed or a user changes (ActivityReadCache).
        return new(await pages.Page(reader, cursor, (int)(size ?? (cursor is null ? 50 : DefaultLimit)), grains));
    }

    /// <summary>An optional whole number from <paramref name="min"/> to <paramref name="max"/> (digits only), else a field error.</summary>
    private static long? Number(string? text, string name, long min, long max, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new FieldError(name, max == long.MaxValue ? "Must be a non-negative integer" : $"Must be an integer from {min} to {max}"));
        return null;
    }
}
