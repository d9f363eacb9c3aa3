using System.Reflection;

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

    public class Answering : DispatchProxy
    {
        public Func<MethodInfo, object?[]?, object?> Answer { get; set; } = (method, _) => throw new NotSupportedException(method.Name);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Answer(targetMethod!, args);
    }
}
