namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// A grain keyed by an id that a caller may make up (a path id): when nothing is stored under its id,
/// <see cref="UnknownIdFilter"/> drops the activation right after each call, so requests for ids
/// that do not exist leave nothing in memory, however many distinct ones arrive.
/// </summary>
public interface IMayBeUnknown
{
    /// <summary>Whether this activation holds nothing (nothing stored, nothing pending).</summary>
    bool IsUnknown { get; }
}
