using System.Reflection;
using HomeUniteUs.Grains.Interfaces.Workflow;
using Microsoft.AspNetCore.Http.Metadata;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>The pre-serialized dashboard with its ETag; the OpenAPI document shows its schema.</summary>
public sealed class DashboardDocumentResult(DashboardSnapshot snapshot) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = snapshot.Document!.Length;
        DashboardHeaders.Set(response, snapshot.ETag);
        return response.Body.WriteAsync(snapshot.Document, httpContext.RequestAborted).AsTask();
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
        // Per user (it needs a token), and always revalidated: the ETag makes that a 304.
        response.Headers.CacheControl = "private, no-cache";
    }
}
