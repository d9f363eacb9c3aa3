using HomeUniteUs.Grains.Interfaces.Errors;

namespace HomeUniteUs.Tests.Unit;

public sealed class ErrorKindsTests
{
    [Theory]
    [InlineData(ErrorKind.Invalid, 422)]
    [InlineData(ErrorKind.Rejected, 400)]
    [InlineData(ErrorKind.Unauthenticated, 401)]
    [InlineData(ErrorKind.Forbidden, 403)]
    [InlineData(ErrorKind.NotFound, 404)]
    [InlineData(ErrorKind.Conflict, 409)]
    [InlineData(ErrorKind.RateLimited, 429)]
    [InlineData(ErrorKind.Unavailable, 503)]
    [InlineData(ErrorKind.Failed, 500)]
    public void Each_kind_has_its_status(ErrorKind kind, int status)
    {
        Assert.Equal(status, ErrorKinds.Status(kind));
        Assert.Equal(status, new HuuException(kind, "X", "x").Status);
    }

    [Fact]
    public void Every_kind_has_a_distinct_status()
    {
        var statuses = Enum.GetValues<ErrorKind>().Select(ErrorKinds.Status).ToList();
        Assert.Equal(statuses.Count, statuses.Distinct().Count());
    }
}
