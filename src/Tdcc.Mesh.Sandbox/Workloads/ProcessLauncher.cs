using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// Turns a container of a pod into a <see cref="ContainerLaunch"/> as the kubelet would: the command line (the image's
/// entrypoint, or the container's command when it names it, then the args), the environment (the API server's
/// <c>KUBERNETES_SERVICE_*</c>, <c>env</c> values, downward-API fields, Secret and ConfigMap keys, <c>$(VAR)</c>
/// expansion) and the pod's projected service account directory (token, ca.crt, namespace) named by
/// <c>TDCC_SERVICEACCOUNT_DIR</c>.
/// </summary>
internal sealed class ProcessLauncher(IKubeClient client, ProcessRuntime runtime, string? networkNamespace)
{
    /// <summary>The environment variable our in-cluster config reads for the service account directory.</summary>
    public const string ServiceAccountDirectoryVariable = "TDCC_SERVICEACCOUNT_DIR";

    /// <summary>The Secret (type <c>kubernetes.io/service-account-token</c>) whose token pods of a service account get.</summary>
    public static string TokenSecretName(string serviceAccount) => serviceAccount + "-sandbox-token";

    public async Task<PreparedContainer> PrepareAsync(Pod pod, Container container, ProcessImage image, IPAddress podIP, string? hostIP, string podDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(image);
        var ns = pod.Metadata.Namespace ?? "default";
        var spec = pod.Spec!;
        var serviceAccount = string.IsNullOrEmpty(spec.ServiceAccountName) ? "default" : spec.ServiceAccountName;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOSTNAME"] = pod.Metadata.Name!,
        };
        if (runtime.Settings.ApiServerHost is { } apiHost)
        {
            var host = apiHost.ToString();
            var port = runtime.Settings.ApiServerPort.ToString(CultureInfo.InvariantCulture);
            environment["KUBERNETES_SERVICE_HOST"] = host;
            environment["KUBERNETES_SERVICE_PORT"] = port;
            environment["KUBERNETES_SERVICE_PORT_HTTPS"] = port;
            environment["KUBERNETES_PORT"] = $"tcp://{host}:{port}";
        }

        if (spec.AutomountServiceAccountToken != false)
        {
            var directory = Path.Combine(podDirectory, "serviceaccount");
            try
            {
                await ProjectServiceAccountAsync(ns, serviceAccount, directory, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e)
            {
                return PreparedContainer.Failed("CreateContainerConfigError", $"service account token for {ns}/{serviceAccount}: {e.Message}");
            }

            environment[ServiceAccountDirectoryVariable] = directory;
        }

        var secrets = new Dictionary<string, Secret?>(StringComparer.Ordinal);
        var configMaps = new Dictionary<string, ConfigMap?>(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            string? value;
            if (variable.ValueFrom is { ValueKind: JsonValueKind.Object } from)
            {
                var resolved = await ValueFromAsync(pod, from, podIP, hostIP, secrets, configMaps, cancellationToken).ConfigureAwait(false);
                if (resolved.Error is { } error)
                {
                    return PreparedContainer.Failed("CreateContainerConfigError", error);
                }

                value = resolved.Value;
                if (value is null)
                {
                    continue;
                }
            }
            else
            {
                value = ContainerEnvironment.Expand(variable.Value ?? string.Empty, environment);
            }

            environment[variable.Name] = value;
        }

        var command = container.Command ?? [];
        IReadOnlyList<string> entrypoint = image.Entrypoint;
        if (command.Length > 0)
        {
            var named = Path.GetFileName(ContainerEnvironment.Expand(command[0], environment));
            if (!string.Equals(named, image.EntrypointName, StringComparison.Ordinal))
            {
                return PreparedContainer.Failed("CreateContainerError", $"the sandbox runs image {image.Repository} as the local {image.EntrypointName}: command \"{command[0]}\" is not {image.EntrypointName}; leave command unset or name {image.EntrypointName}");
            }

            entrypoint = [.. image.Entrypoint, .. command.Skip(1).Select(c => ContainerEnvironment.Expand(c, environment))];
        }

        var argv = entrypoint.Concat((container.Args ?? []).Select(a => ContainerEnvironment.Expand(a, environment))).ToList();
        var ports = container.Ports?.ToList() ?? [];
        var workingDirectory = container.WorkingDir is { Length: > 0 } w && System.IO.Directory.Exists(w) ? w : podDirectory;
        var grace = TimeSpan.FromSeconds(Math.Max(0, spec.TerminationGracePeriodSeconds ?? 30));
        if (grace > runtime.Settings.MaxTerminationGrace)
        {
            grace = runtime.Settings.MaxTerminationGrace;
        }

        var hostNetwork = spec.HostNetwork == true;
        return new PreparedContainer(
            new ContainerLaunch(
                container.Name,
                argv,
                environment,
                workingDirectory,
                hostNetwork ? null : networkNamespace,
                ContainerProbe.Parse(container.ReadinessProbe, ports),
                ContainerProbe.Parse(container.LivenessProbe, ports),
                grace),
            null);
    }

    /// <summary>Writes token, ca.crt and namespace; the token is the one of the account's token Secret (made when missing), so the API server accepts it when it checks tokens.</summary>
    private async Task ProjectServiceAccountAsync(string ns, string serviceAccount, string directory, CancellationToken cancellationToken)
    {
        if (serviceAccount == "default" && await client.Resource<ServiceAccount>().GetAsync(ns, serviceAccount, cancellationToken).ConfigureAwait(false) is null)
        {
            // kube's service account controller makes "default" in every namespace; the sandbox has none, so the kubelet does.
            try
            {
                await client.Resource<ServiceAccount>().CreateAsync(new ServiceAccount { Metadata = new ObjectMeta { Name = serviceAccount, Namespace = ns } }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
            {
                // Made meanwhile.
            }
        }

        var name = TokenSecretName(serviceAccount);
        var secret = await client.Resource<Secret>().GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            try
            {
                secret = await client.Resource<Secret>().CreateAsync(
                    new Secret
                    {
                        Metadata = new ObjectMeta
                        {
                            Name = name,
                            Namespace = ns,
                            Annotations = ImmutableDictionary<string, string>.Empty.Add("kubernetes.io/service-account.name", serviceAccount),
                        },
                        Type = "kubernetes.io/service-account-token",
                    },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
            {
                secret = await client.Resource<Secret>().GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
            }
        }

        var token = secret?.DecodedValue("token") ?? string.Empty;
        System.IO.Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "token"), token, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "namespace"), ns, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "ca.crt"), runtime.Settings.CertificateAuthorityPem ?? string.Empty, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(string? Value, string? Error)> ValueFromAsync(Pod pod, JsonElement from, IPAddress podIP, string? hostIP, Dictionary<string, Secret?> secrets, Dictionary<string, ConfigMap?> configMaps, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.Namespace ?? "default";
        if (from.TryGetProperty("fieldRef", out var fieldRef))
        {
            var path = fieldRef.TryGetProperty("fieldPath", out var p) ? p.GetString() ?? string.Empty : string.Empty;
            var value = FieldValue(pod, path, podIP, hostIP);
            return value is null ? (null, $"unsupported fieldPath \"{path}\"") : (value, null);
        }

        if (from.TryGetProperty("secretKeyRef", out var secretRef))
        {
            var (name, key, optional) = KeyRef(secretRef);
            if (!secrets.TryGetValue(name, out var secret))
            {
                secret = await client.Resource<Secret>().GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
                secrets[name] = secret;
            }

            if (secret is null)
            {
                return optional ? (null, null) : (null, $"secret \"{name}\" not found");
            }

            if (secret.Data?.GetValueOrDefault(key) is { } encoded)
            {
                return (Encoding.UTF8.GetString(Convert.FromBase64String(encoded)), null);
            }

            return optional ? (null, null) : (null, $"couldn't find key {key} in Secret {ns}/{name}");
        }

        if (from.TryGetProperty("configMapKeyRef", out var configMapRef))
        {
            var (name, key, optional) = KeyRef(configMapRef);
            if (!configMaps.TryGetValue(name, out var configMap))
            {
                configMap = await client.Resource<ConfigMap>().GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
                configMaps[name] = configMap;
            }

            if (configMap is null)
            {
                return optional ? (null, null) : (null, $"configmap \"{name}\" not found");
            }

            if (configMap.Data?.GetValueOrDefault(key) is { } text)
            {
                return (text, null);
            }

            return optional ? (null, null) : (null, $"couldn't find key {key} in ConfigMap {ns}/{name}");
        }

        return (null, "unsupported valueFrom (fieldRef, secretKeyRef and configMapKeyRef are)");
    }

    private static string? FieldValue(Pod pod, string path, IPAddress podIP, string? hostIP)
    {
        switch (path)
        {
            case "metadata.name":
                return pod.Metadata.Name;
            case "metadata.namespace":
                return pod.Metadata.Namespace;
            case "metadata.uid":
                return pod.Metadata.Uid;
            case "spec.nodeName":
                return pod.Spec?.NodeName;
            case "spec.serviceAccountName":
                return string.IsNullOrEmpty(pod.Spec?.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName;
            case "status.podIP" or "status.podIPs":
                return podIP.ToString();
            case "status.hostIP" or "status.hostIPs":
                return hostIP ?? string.Empty;
        }

        foreach (var (prefix, map) in new[] { ("metadata.labels['", pod.Metadata.Labels), ("metadata.annotations['", pod.Metadata.Annotations) })
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal))
            {
                return map?.GetValueOrDefault(path[prefix.Length..^2]) ?? string.Empty;
            }
        }

        return null;
    }

    private static (string Name, string Key, bool Optional) KeyRef(JsonElement reference) =>
        (reference.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty,
         reference.TryGetProperty("key", out var k) ? k.GetString() ?? string.Empty : string.Empty,
         reference.TryGetProperty("optional", out var o) && o.ValueKind == JsonValueKind.True);
}
