namespace HomeUniteUs.Grains.Interfaces.Workflow;

/// <summary>The guest cases one coordinator owns, read from storage (stateless; keyed by the coordinator's user id).</summary>
public interface ICoordinatorCaseloadGrain : IGrainWithIntegerKey
{
    /// <summary>The guests whose open case this coordinator owns, as "email (#id)", ordered by id; empty when none.</summary>
    Task<IReadOnlyList<string>> OwnedCases();
}
