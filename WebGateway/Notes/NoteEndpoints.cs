using HomeUniteUs.WebGateway.Idempotency;

namespace HomeUniteUs.WebGateway.Notes;

/// <summary>/api/users/{id}/notes: coordinators' notes about a person. The notes grain decides who may read and write them.</summary>
public static class NoteEndpoints
{
    public static IEndpointRouteBuilder MapNotesApi(this IEndpointRouteBuilder app)
    {
        // The route value is "userId", so the reach filter checks it too; the grain checks again.
        var notes = app.MapGroup("/api/users/{userId}/notes").WithTags("Notes").RequireCaller(Policies.CoordinatorOrAdmin)
            .ProducesErrors(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        notes.MapGet(string.Empty, List);
        notes.MapPost(string.Empty, Add).WithIdempotencyKey().ProducesErrors(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<Ok<List<NoteDto>>> List(PathId userId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var notes = await grains.GetGrain<INotesGrain>(userId).List(user.Caller());
        return TypedResults.Ok(notes.Select(NoteDto.From).ToList());
    }

    private static async Task<Created<NoteDto>> Add(PathId userId, NoteRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        // Notes have no route of their own: the Location is the person's list, where the new note is first.
        var note = await grains.GetGrain<INotesGrain>(userId).Add(user.Caller(), request.Text!);
        return TypedResults.Created($"/api/users/{userId}/notes", NoteDto.From(note));
    }
}
