using Microsoft.AspNetCore.Http.Metadata;

namespace HomeUniteUs.WebGateway.Errors;

/// <summary>
/// Writes the framework's problem details (minimal-API validation above all) in the one error shape:
/// a validation problem is a 422 <c>VALIDATION_ERROR</c> whose <c>errors[]</c> name the JSON fields.
/// </summary>
public sealed class ApiProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        if (context.ProblemDetails is HttpValidationProblemDetails validation)
        {
            var requestType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            var errors = validation.Errors
                .SelectMany(entry => entry.Value.Select(message => new FieldError(JsonFieldNames.Of(requestType, entry.Key), message)))
                .ToArray();
            return new ValueTask(ApiError.Write(http, HuuException.Validation(errors)));
        }

        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        return new ValueTask(ApiError.Write(http, status, ApiError.CodeFor(status), context.ProblemDetails.Title ?? "The request failed"));
    }
}
