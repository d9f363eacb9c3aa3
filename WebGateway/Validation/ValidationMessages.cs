namespace HomeUniteUs.WebGateway.Validation;

/// <summary>The messages of 422 answers that API.md fixes or clients read.</summary>
public static class ValidationMessages
{
    public const string Required = "Field required";
    public const string NotEmail = "value is not a valid email address";
    public const string PositiveInteger = "Input should be a positive integer";
    public const string ControlCharacters = "Input should not contain control characters";
    public const string WrongType = "Input has the wrong JSON type for this field";

    /// <summary>A number beyond a double's range (1e999, a 400-digit integer), anywhere in a body.</summary>
    public const string FiniteNumber = "Input should be a finite number";
    public const string NotJson = "The body is not valid JSON";
}
