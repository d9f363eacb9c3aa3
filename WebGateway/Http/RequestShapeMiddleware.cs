using Microsoft.AspNetCore.Http.Features;

namespace HomeUniteUs.WebGateway.Http;

/// <summary>
/// Rules Kestrel would otherwise enforce with an empty 400/414 and no X-Request-ID: Kestrel is
/// set to let such requests through (header bytes read as Latin-1, request lines up to
/// <see cref="ServerRequestLineLimit"/>), and this refuses them in the one error shape.
/// </summary>
public sealed class RequestShapeMiddleware(RequestDelegate next)
{
    /// <summary>The longest request line served (method, target, version).</summary>
    public const int MaxRequestLine = 8 * 1024;

    /// <summary>Kestrel's own limit, above ours so that lines between the two get the error shape.</summary>
    public const int ServerRequestLineLimit = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? string.Empty;
        if (request.Method.Length + target.Length + request.Protocol.Length + 2 > MaxRequestLine)
        {
            throw new HuuException(ErrorKind.UriTooLong, ErrorCodes.UriTooLong, $"The request line is longer than {MaxRequestLine} bytes");
        }

        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                if (value is not null && !IsPrintableAscii(value))
                {
                    throw new HuuException(ErrorKind.Rejected, ErrorCodes.BadRequest, $"The header {name} contains bytes that are not printable ASCII");
                }
            }
        }

        return next(context);
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is > '\u007e' or (< ' ' and not '\t'))
            {
                return false;
            }
        }

        return true;
    }
}
