using System.Text;
using HomeUniteUs.WebGateway.Idempotency;
using Microsoft.AspNetCore.Http;

namespace HomeUniteUs.Tests.Unit.Idempotency;

/// <summary>
/// The hash an Idempotency-Key binds its request with: SHA-256 of "METHOD PATH\n" and the body bytes. Keys live 24 hours
/// across deployments, so the value must never change for the same request; the expected values were computed apart
/// (Python's hashlib).
/// </summary>
public sealed class RequestHashTests
{
    private static DefaultHttpContext Request(string method, string path, string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context;
    }

    [Fact]
    public async Task A_small_body_hashes_with_its_method_and_path_and_is_left_to_be_read_again()
    {
        var context = Request("POST", "/api/housing-orgs", """{"org_name":"Hashed"}""");
        Assert.Equal("8B51ED57941E698655AB219F954DCBFCEDA438B6FB1E7D030D725B397BEBA0D3", await IdempotencyMiddleware.RequestHash(context.Request));
        Assert.Equal(0, context.Request.Body.Position);
        Assert.Equal("""{"org_name":"Hashed"}""", await new StreamReader(context.Request.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task A_body_larger_than_any_one_read_hashes_whole()
    {
        var context = Request("POST", "/api/users/7/notes", "{\"text\":\"" + new string('a', 20000) + "\"}");
        Assert.Equal("9FB80600F68D6865505D264F521F62645468CF0F8A5B8269D9E52CE7C33C96BF", await IdempotencyMiddleware.RequestHash(context.Request));
    }

    [Fact]
    public async Task The_same_body_on_another_path_is_another_request()
    {
        var orgs = await IdempotencyMiddleware.RequestHash(Request("POST", "/api/housing-orgs", "{}").Request);
        var matches = await IdempotencyMiddleware.RequestHash(Request("POST", "/api/matches", "{}").Request);
        Assert.NotEqual(orgs, matches);
    }
}
