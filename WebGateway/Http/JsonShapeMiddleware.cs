using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace HomeUniteUs.WebGateway.Http;

/// <summary>
/// Checks every JSON request body once (<see cref="JsonShapeCheck"/>) before authentication and
/// routing decide anything, so JSON the parser rejects or cannot represent is a 422 on every route,
/// signed in or not. The body is buffered and rewound for the framework's binding. A body of another type sent
/// to a route that reads no body is a 415, as it is on the routes that read one.
/// </summary>
public sealed class JsonShapeMiddleware(RequestDelegate next)
{
    /// <summary>The message of a 415, as the status-code page writes the framework's own.</summary>
    public const string NotJson = "The request body must be JSON (Content-Type: application/json)";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            await next(context);
            return;
        }

        if (!request.HasJsonContentType())
        {
            // A route that reads a body refuses another type itself (415); one that reads none must not act on it either.
            if (ActsWithoutBody(context))
            {
                throw new HuuException(ErrorKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, NotJson);
            }

            await next(context);
            return;
        }

        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: GatewayServices.MaxRequestBodyBytes);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        request.Body.Position = 0;
        if (body.Length > 0 && JsonShapeCheck.Problem(body.GetBuffer().AsSpan(0, (int)body.Length)) is { } problem)
        {
            throw HuuException.Validation(problem);
        }

        await next(context);
    }

    /// <summary>A write route that reads no body (the request's own method matched it: a 404 or 405 stays one).</summary>
    private static bool ActsWithoutBody(HttpContext context)
    {
        var method = context.Request.Method;
        return !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            && context.GetEndpoint() is { } endpoint
            && endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase) == true
            && endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is null;
    }
}
