using HomeUniteUs.Grains.Interfaces.Validation;

namespace HomeUniteUs.Tests.Unit.Validation;

/// <summary>Text limits count characters as code points (Pydantic's len), not UTF-16 units.</summary>
public sealed class TextLengthTests
{
    private static readonly string Emoji = char.ConvertFromUtf32(0x1F600);

    [Theory]
    [InlineData("", 0, false)]
    [InlineData("abc", 3, false)]
    [InlineData("abcd", 3, true)]
    public void Plain_text_is_counted_by_its_characters(string text, int max, bool longer) =>
        Assert.Equal(longer, TextRules.IsLongerThan(text, max));

    [Fact]
    public void A_surrogate_pair_is_one_character()
    {
        Assert.False(TextRules.IsLongerThan(Emoji, 1));
        Assert.False(TextRules.IsLongerThan("ab" + Emoji, 3));
        Assert.True(TextRules.IsLongerThan("ab" + Emoji + "c", 3));
        Assert.False(TextRules.IsLongerThan(string.Concat(Enumerable.Repeat(Emoji, 4000)), 4000));
        Assert.True(TextRules.IsLongerThan(string.Concat(Enumerable.Repeat(Emoji, 4000)) + "c", 4000));
    }

    [Fact]
    public void A_lone_surrogate_counts_as_one()
    {
        Assert.True(TextRules.IsLongerThan("\uD83D\uD83D", 1));
        Assert.True(TextRules.IsLongerThan("\uDE00" + Emoji, 1));
    }
}
