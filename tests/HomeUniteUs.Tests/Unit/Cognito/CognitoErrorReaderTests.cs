using System.Net;
using HomeUniteUs.Grains.Access.Cognito;

namespace HomeUniteUs.Tests.Unit.Cognito;

public sealed class CognitoErrorReaderTests
{
    private const string MotoHtml500 =
        "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n" +
        "<p>The server encountered an internal error and was unable to complete your request.</p>\n";

    private static CognitoException ReadCognito(HttpStatusCode status, string? header, string? body) =>
        Assert.IsType<CognitoException>(CognitoErrorReader.Read("SignUp", status, header, body));

    [Fact]
    public void Plain_type_and_message_come_from_the_body()
    {
        var error = ReadCognito(HttpStatusCode.BadRequest, null, """{"__type": "UsernameExistsException", "message": "User already exists"}""");
        Assert.Equal("UsernameExistsException", error.ErrorName);
        Assert.Equal("User already exists", error.Message);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("SignUp", error.Operation);
    }

    [Fact]
    public void A_namespaced_type_loses_its_prefix()
    {
        var error = ReadCognito(
            HttpStatusCode.BadRequest,
            null,
            """{"__type": "com.amazonaws.cognito.identity.idp.model#UserNotFoundException", "Message": "User does not exist."}""");
        Assert.Equal("UserNotFoundException", error.ErrorName);
        Assert.Equal("User does not exist.", error.Message);
    }

    [Fact]
    public void The_header_names_the_error_when_the_body_does_not_and_its_extra_part_is_dropped()
    {
        var error = ReadCognito(
            HttpStatusCode.BadRequest,
            "InvalidParameterException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            """{"message": "1 validation error detected"}""");
        Assert.Equal("InvalidParameterException", error.ErrorName);
        Assert.Equal("1 validation error detected", error.Message);
    }

    [Fact]
    public void The_body_type_wins_over_the_header()
    {
        var error = ReadCognito(HttpStatusCode.BadRequest, "SomethingElse", """{"__type": "NotAuthorizedException", "message": "Invalid token"}""");
        Assert.Equal("NotAuthorizedException", error.ErrorName);
    }

    [Fact]
    public void An_HTML_500_is_an_internal_error_with_a_generic_message_never_the_HTML()
    {
        var error = ReadCognito(HttpStatusCode.InternalServerError, null, MotoHtml500);
        Assert.Equal(CognitoErrorReader.InternalError, error.ErrorName);
        Assert.Equal(500, error.HttpStatus);
        Assert.DoesNotContain("<", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal Server Error", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("{not json")]
    public void An_empty_or_unreadable_4xx_body_is_an_unknown_error(string? body)
    {
        var error = ReadCognito(HttpStatusCode.BadRequest, null, body);
        Assert.Equal(CognitoErrorReader.UnknownError, error.ErrorName);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void An_empty_body_with_a_header_takes_the_header_name_and_a_generic_message()
    {
        var error = ReadCognito(HttpStatusCode.TooManyRequests, "TooManyRequestsException", "");
        Assert.Equal("TooManyRequestsException", error.ErrorName);
        Assert.Equal(429, error.HttpStatus);
        Assert.Contains("429", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_message_is_replaced_by_a_generic_one()
    {
        var error = ReadCognito(HttpStatusCode.BadRequest, null, """{"__type": "NotAuthorizedException", "message": ""}""");
        Assert.Equal("NotAuthorizedException", error.ErrorName);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public void A_gateway_error_without_a_Cognito_error_name_means_Cognito_is_unavailable(HttpStatusCode status)
    {
        var error = CognitoErrorReader.Read("GetUser", status, null, "<html>Bad Gateway</html>");
        var unavailable = Assert.IsType<CognitoUnavailableException>(error);
        Assert.Equal("GetUser", unavailable.Operation);
    }

    [Theory]
    [InlineData("UserNotFoundException", "UserNotFoundException")]
    [InlineData("com.amazonaws.cognito#UserNotFoundException", "UserNotFoundException")]
    [InlineData("aws.protocoltests.json#ComplexError:http://internal.amazon.com/coral/x#y", "ComplexError")]
    [InlineData(" LimitExceededException ", "LimitExceededException")]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("ns#", null)]
    public void Error_names_are_stripped_of_namespace_and_suffix(string? raw, string? expected)
    {
        Assert.Equal(expected, CognitoErrorReader.ErrorName(raw));
    }
}
