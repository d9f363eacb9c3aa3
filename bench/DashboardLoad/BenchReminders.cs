using HomeUniteUs.Grains.Interfaces.Journeys;
using HomeUniteUs.Grains.Interfaces.Reminders;

namespace HomeUniteUs.Bench;

/// <summary>
/// Schedules the coordinator interview of bench users START..START+COUNT-1 straight on their reminder grains
/// (what a journey does after an interview is scheduled): user i at FIRST + (i - START) × WINDOW / COUNT, so all
/// of them fall due within WINDOW of FIRST.
/// </summary>
public sealed class BenchReminders(IClusterClient grains)
{
    public async Task Schedule(long start, int count, DateTimeOffset first, TimeSpan window)
    {
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (i, _) =>
        {
            var subject = ReminderSubject.Step(BenchPopulation.FirstId + start + i, JourneySteps.CoordinatorInterview);
            await grains.GetGrain<IScheduleReminderGrain>(subject.GrainKey).Schedule(subject, first + (window * i / count));
            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                await Console.Error.WriteLineAsync($"  {done} scheduled");
            }
        });
    }
}
