using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>The pre-serialized dashboard, gzip-compressed when the caller accepts it; the OpenAPI document shows its schema.</summary>
public sealed class DashboardDocumentResult(CachedDashboard dashboard, bool gzip) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var body = gzip ? dashboard.Gzip : dashboard.Document;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        if (gzip)
        {
            response.Headers.ContentEncoding = "gzip";
        }

        DashboardHeaders.Set(response, gzip ? dashboard.GzipETag : dashboard.ETag);
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(DashboardDocument), ["application/json"]));
}

/// <summary>304: the caller's copy (If-None-Match) is current.</summary>
public sealed class DashboardNotModifiedResult(string etag) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        DashboardHeaders.Set(httpContext.Response, etag);
        return Task.CompletedTask;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
}

internal static class DashboardHeaders
{
    public static void Set(HttpResponse response, string etag)
    {
        response.Headers.ETag = etag;
        response.Headers.Vary = "Accept-Encoding";
        // Per user (it needs a token), and always revalidated: the ETag makes that a 304.
        response.Headers.CacheControl = "private, no-cache";
    }
}
