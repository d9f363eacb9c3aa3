using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace HomeUniteUs.WebGateway.Errors;

/// <summary>
/// Every bad field of a body the serializer refused at its first value of the wrong JSON type. The serializer stops
/// there, but API.md asks for one entry per bad field: each property of the endpoint's body type is read on its own
/// (a wrong type is named with its path, e.g. <c>responses[0].value</c>), a property left out or null that the type
/// requires is "Field required", and one read fine is checked by its validation attributes, as minimal-API validation
/// checks a body that binds. Cross-field rules (<see cref="IValidatableObject"/>) wait until the body binds.
/// </summary>
public static class BodyFieldErrors
{
    /// <summary>The errors of the buffered JSON body of <paramref name="context"/>'s request; empty when it cannot tell (not an object, no body type).</summary>
    public static async Task<IReadOnlyList<FieldError>> Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        // The exception handler runs with the endpoint cleared: the one that failed is in its feature.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is not { } type || !request.Body.CanSeek)
        {
            return [];
        }

        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        request.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
        request.Body.Position = 0;
        return document.RootElement.ValueKind == JsonValueKind.Object ? Check(document.RootElement, options.GetTypeInfo(type), options) : [];
    }

    private static List<FieldError> Check(JsonElement body, JsonTypeInfo type, JsonSerializerOptions options)
    {
        var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var errors = new List<FieldError>();
        foreach (var property in type.Properties)
        {
            var sent = body.EnumerateObject().Where(p => string.Equals(p.Name, property.Name, comparison)).Select(p => (JsonElement?)p.Value).FirstOrDefault();
            var attributes = property.AttributeProvider?.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>().ToList() ?? [];
            if (sent is not { ValueKind: not JsonValueKind.Null } value)
            {
                if (property.IsRequired || attributes.Any(a => a is RequiredAttribute))
                {
                    errors.Add(new FieldError(property.Name, ValidationMessages.Required));
                }

                continue;
            }

            object? read;
            try
            {
                read = value.Deserialize(property.PropertyType, options);
            }
            catch (Exception wrong) when (wrong is JsonException or InvalidOperationException or FormatException)
            {
                var path = (wrong as JsonException)?.Path is { Length: > 1 } inner ? inner.TrimStart('$') : string.Empty;
                errors.Add(new FieldError(property.Name + path, ValidationMessages.WrongType));
                continue;
            }

            var results = new List<ValidationResult>();
            if (!Validator.TryValidateValue(read!, new ValidationContext(read ?? new object()) { MemberName = property.Name }, results, attributes))
            {
                errors.AddRange(results.Select(result => new FieldError(property.Name, result.ErrorMessage ?? ValidationMessages.WrongType)));
            }
        }

        return errors;
    }
}
