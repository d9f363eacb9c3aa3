using System.Globalization;
using HomeUniteUs.Grains.Interfaces.Errors;

namespace HomeUniteUs.WebGateway.Http;

/// <summary>Ids in paths are positive integers; anything else is a 422, not a routing 404.</summary>
public static class PathIds
{
    public static long Parse(string raw, string name = "id") =>
        long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw HuuException.Validation(new FieldError(name, "Input should be a positive integer"));
}
