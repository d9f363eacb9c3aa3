using HomeUniteUs.Silo.Startup;

namespace HomeUniteUs.Tests.Unit.Access;

public sealed class PendingFlowRecoveryPauseTests
{
    [Fact]
    public void The_pause_doubles_while_flows_stay_pending_up_to_the_maximum_and_falls_back_once_none_are_left()
    {
        var pause = PendingFlowRecovery.Interval;
        var pauses = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            pause = PendingFlowRecovery.NextPause(pause, left: 3);
            pauses.Add(pause);
        }

        Assert.Equal(new[] { 20.0, 40, 80, 80, 80 }, pauses.Select(p => p.TotalSeconds));
        Assert.Equal(PendingFlowRecovery.Interval, PendingFlowRecovery.NextPause(pause, left: 0));
    }
}
