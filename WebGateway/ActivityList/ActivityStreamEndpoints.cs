using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using HomeUniteUs.Grains.Interfaces.ActivityList;
using HomeUniteUs.WebGateway.Access;

namespace HomeUniteUs.WebGateway.ActivityList;

/// <summary>
/// GET /api/coordinator/activity/stream: the activity list live, as Server-Sent Events (ASP.NET Core's own
/// <see cref="TypedResults.ServerSentEvents{T}(IAsyncEnumerable{SseItem{T}})"/>). A reconnect with Last-Event-ID first
/// gets what it missed from the table, with the reader's reach now; then the gateway's feed (<see cref="ActivityFeed"/>)
/// queues what comes, each event once, in id order.
/// </summary>
public static class ActivityStreamEndpoints
{
    public const string LastEventIdHeader = "Last-Event-ID";

    private static readonly byte[] KeepAliveComment = Encoding.ASCII.GetBytes(": keep-alive\n\n");

    public static IEndpointRouteBuilder MapActivityStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/coordinator/activity/stream", Stream).WithTags("Activity").RequireCaller(Policies.CoordinatorOrAdmin)
            // Declared here (the handler returns IResult): the document names Event as the stream's item.
            .Produces<ActivityEventDto>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesErrors(StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "A typed result would add its own metadata over the declared Event item")]
    private static IResult Stream(HttpContext context, ClaimsPrincipal user, ActivityFeed feed, ActivityStreamOptions options)
    {
        var after = LastEventId(context.Request);
        return TypedResults.ServerSentEvents(Events(context, user.Caller(), after, feed, options, context.RequestAborted));
    }

    /// <summary>The id in Last-Event-ID (what this route sent as <c>id:</c>), or null without the header.</summary>
    private static long? LastEventId(HttpRequest request)
    {
        var value = request.Headers[LastEventIdHeader].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw HuuException.Validation(new FieldError(LastEventIdHeader, "Input should be the id of an event"));
    }

    private static async IAsyncEnumerable<SseItem<ActivityEventDto>> Events(
        HttpContext context, Caller caller, long? lastEventId, ActivityFeed feed, ActivityStreamOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var grains = context.RequestServices.GetRequiredService<IGrainFactory>();
        var connection = await feed.Attach(caller, cancellationToken);
        try
        {
            // The headers go out now: from here on every event committed is on its way to this stream.
            await context.Response.Body.FlushAsync(cancellationToken);
            var sent = connection.LiveAfter;
            if (lastEventId is { } after)
            {
                sent = after;
                ActivityPage page;
                do
                {
                    var reader = await context.RequestServices.GetRequiredService<CurrentUserReadCache>().ReachOf(caller, grains) ?? throw HuuException.Forbidden();
                    page = await grains.GetGrain<IActivityLogGrain>(0).Read(reader, sent, ActivityFeed.PageSize);
                    foreach (var activity in page.Events)
                    {
                        yield return Item(activity);
                    }

                    sent = Math.Max(sent, page.Next);
                }
                while (page.Events.Count == ActivityFeed.PageSize);
            }

            while (await Next(context, connection, options, cancellationToken))
            {
                while (connection.Events.TryRead(out var activity))
                {
                    // Events up to `sent` came from the table already.
                    if (activity.Id > sent)
                    {
                        sent = activity.Id;
                        yield return Item(activity);
                    }
                }
            }
        }
        finally
        {
            feed.Detach(connection);
        }
    }

    /// <summary>
    /// Waits for queued events, writing a comment line each time the stream has been quiet for the keep-alive interval;
    /// false once the stream ends. The formatter is waiting for this enumerator meanwhile, so the comment cannot
    /// interleave with an event.
    /// </summary>
    private static async Task<bool> Next(HttpContext context, StreamConnection connection, ActivityStreamOptions options, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(options.KeepAlive);
            try
            {
                return await connection.Events.WaitToReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(KeepAliveComment, cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
    }

    private static SseItem<ActivityEventDto> Item(ActivityEvent activity) =>
        new(ActivityEventDto.From(activity), activity.Type) { EventId = activity.Id.ToString(CultureInfo.InvariantCulture) };
}
