using Microsoft.AspNetCore.Http.Features;

namespace HomeUniteUs.WebGateway.Http;

/// <summary>
/// Checks every JSON request body once (<see cref="JsonShapeCheck"/>) before authentication and
/// routing decide anything, so JSON the parser rejects or cannot represent is a 422 on every route,
/// signed in or not. The body is buffered and rewound for the framework's binding.
/// </summary>
public sealed class JsonShapeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true || !request.HasJsonContentType())
        {
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
}
