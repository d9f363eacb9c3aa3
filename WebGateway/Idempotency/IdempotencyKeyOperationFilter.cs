using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HomeUniteUs.WebGateway.Idempotency;

/// <summary>Declares the optional Idempotency-Key header on the routes that honour it, so generated clients can send it.</summary>
public sealed class IdempotencyKeyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentCreate>().Any())
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyMiddleware.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes a retry of this request safe: the same key, caller and body replay the first answer (Idempotent-Replayed: true) and apply nothing.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeyHeader.MaxLength },
        });
    }
}
