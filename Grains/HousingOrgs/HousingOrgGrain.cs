using HomeUniteUs.Grains.Interfaces.HousingOrgs;

namespace HomeUniteUs.Grains.HousingOrgs;

public sealed class HousingOrgGrain(
    [PersistentState(StateNames.HousingOrg, StateNames.Store)] IPersistentState<HousingOrgState> org,
    TimeProvider clock) : Grain, IHousingOrgGrain
{
    public async Task<HousingOrg> Save(string name)
    {
        org.State.Named(this.GetPrimaryKeyLong(), name, clock.GetUtcNow());
        org.State.CreatedWithKey = null; // stored by the first row's trigger already; the org's later rows do without it
        await org.WriteStateAsync();
        return new HousingOrg(org.State.Id, org.State.Name);
    }

    public async Task<bool> Delete()
    {
        if (!org.State.Exists)
        {
            return false;
        }

        await org.ClearStateAsync();
        DeactivateOnIdle();
        return true;
    }
}
