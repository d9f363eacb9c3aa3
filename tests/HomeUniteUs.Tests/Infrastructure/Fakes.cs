using System.Reflection;
using HomeUniteUs.Grains.Interfaces.ReadCaches;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>An interface whose every call is answered by a function of the method and its arguments (grain factories, grains).</summary>
public static class Fakes
{
    public static T Fake<T>(Func<MethodInfo, object?[]?, object?> answer)
        where T : class
    {
        var fake = DispatchProxy.Create<T, Answering>();
        ((Answering)(object)fake).Answer = answer;
        return fake;
    }

    /// <summary>A grain factory that answers GetGrain with the one of <paramref name="grains"/> of the asked interface; its object references do nothing.</summary>
    public static IGrainFactory GrainsOf(params object[] grains) => Fake<IGrainFactory>((method, _) => method.Name switch
    {
        nameof(IGrainFactory.GetGrain) => grains.FirstOrDefault(method.ReturnType.IsInstanceOfType) ?? throw new NotSupportedException(method.ReturnType.Name),
        nameof(IGrainFactory.CreateObjectReference) => Fake<IReadCacheObserver>((called, _) => throw new NotSupportedException(called.Name)),
        _ => throw new NotSupportedException(method.Name),
    });

    /// <summary>A read-cache hub that answers each lease renewal with <paramref name="subscribe"/>.</summary>
    public static IReadCacheHubGrain ReadCacheHub(Func<Task<Guid>> subscribe) =>
        Fake<IReadCacheHubGrain>((called, _) => called.Name == nameof(IReadCacheHubGrain.Subscribe) ? subscribe() : throw new NotSupportedException(called.Name));

    public class Answering : DispatchProxy
    {
        public Func<MethodInfo, object?[]?, object?> Answer { get; set; } = (method, _) => throw new NotSupportedException(method.Name);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Answer(targetMethod!, args);
    }
}
