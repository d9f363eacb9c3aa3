namespace HomeUniteUs.WebGateway.Health;

/// <summary>
/// What GET /api/health answers (the JSON string "UP", as the FastAPI service did), named for the OpenAPI
/// document so that the frontend's generated hook is typed.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<HealthStatus>))]
public enum HealthStatus
{
    [JsonStringEnumMemberName("UP")]
    Up,
}
