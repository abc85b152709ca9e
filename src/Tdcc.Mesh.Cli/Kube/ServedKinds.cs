using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Cli.Kube;

/// <summary>Lists of kinds a context may not serve: a 404 on the collection means the API lacks the kind.</summary>
internal static class ServedKinds
{
    /// <summary>
    /// Every object of <typeparamref name="T"/> (in <paramref name="namespace"/>, or all namespaces when null); when the
    /// API server does not serve the kind, a <see cref="KubeTargetException"/> saying <paramref name="notServed"/>.
    /// </summary>
    public static async Task<KubeList<T>> ListAsync<T>(KubeTarget target, string? @namespace, string notServed, CancellationToken cancellationToken)
        where T : class, IKubeObject<T>
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            return await target.Client.Resource<T>().ListAllAsync(new ListOptions { Namespace = @namespace }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            throw new KubeTargetException($"{notServed}: {target.Server.GetLeftPart(UriPartial.Authority)} has no {T.Resource.Kind} kind ({T.Resource.Plural} in {T.Resource.ApiVersion}: {e.Message})", e);
        }
    }

    /// <summary>The message for a context that is not a hub.</summary>
    public static string NotAHub(KubeTarget target) => $"context {target.Context} is not a TDCC hub";
}
