namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>Turns a non-2xx answer of the JSON 1.1 protocol into the exception callers handle.</summary>
public static class CognitoErrorReader
{
    /// <summary>The name given to a 5xx answer that names no error (moto answers unimplemented operations with HTML).</summary>
    public const string InternalError = CognitoErrorNames.InternalError;

    /// <summary>The name given to a 4xx answer that names no error, or a 2xx answer whose body cannot be read.</summary>
    public const string UnknownError = CognitoErrorNames.UnknownError;

    /// <summary>
    /// The error name comes from the body's <c>__type</c> (possibly <c>namespace#Name</c>), else from the
    /// <c>X-Amzn-ErrorType</c> header (possibly <c>Name:extra</c>). A body that is not JSON is never quoted.
    /// </summary>
    public static Exception Read(string operation, HttpStatusCode status, string? errorTypeHeader, string? body)
    {
        var (typeInBody, message) = ReadJsonError(body);
        var name = ErrorName(typeInBody) ?? ErrorName(errorTypeHeader);
        var code = (int)status;
        if (name is null && status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
        {
            return new CognitoUnavailableException(operation, $"Cognito answered {operation} with HTTP {code}.");
        }

        name ??= code >= 500 ? InternalError : UnknownError;
        if (string.IsNullOrWhiteSpace(message))
        {
            message = code >= 500
                ? $"Cognito failed to process {operation} (HTTP {code})."
                : $"Cognito rejected {operation} (HTTP {code}).";
        }

        return new CognitoException(operation, name, message, code);
    }

    /// <summary><c>com.amazonaws.cognito#UserNotFoundException</c> and <c>UserNotFoundException:http://…</c> both give UserNotFoundException.</summary>
    public static string? ErrorName(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var name = raw;
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            name = name[..colon];
        }

        var hash = name.LastIndexOf('#');
        if (hash >= 0)
        {
            name = name[(hash + 1)..];
        }

        name = name.Trim();
        return name.Length == 0 ? null : name;
    }

    private static (string? Type, string? Message) ReadJsonError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            string? type = null;
            string? message = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                if (property.NameEquals("__type") || (type is null && property.Name.Equals("code", StringComparison.OrdinalIgnoreCase)))
                {
                    type = property.Value.GetString();
                }
                else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                {
                    message = property.Value.GetString();
                }
            }

            return (type, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
