using System.Collections;
using System.Reflection;

namespace HomeUniteUs.WebGateway.Errors;

/// <summary>
/// Turns a validation key (the CLR path the validator reports, e.g. <c>Responses[0].FieldId</c>) into the
/// JSON path the client sent (<c>responses[0].fieldId</c>, or <c>org_name</c> where a record names it so).
/// </summary>
public static class JsonFieldNames
{
    public static string Of(Type? requestType, string key)
    {
        var type = requestType;
        var segments = key.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var property = type?.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            var jsonName = property?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(name);
            segments[i] = bracket < 0 ? jsonName : jsonName + segment[bracket..];
            type = property is null ? null : bracket < 0 ? property.PropertyType : ElementType(property.PropertyType);
        }

        return string.Join('.', segments);
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
            ?? (typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : null);
}
