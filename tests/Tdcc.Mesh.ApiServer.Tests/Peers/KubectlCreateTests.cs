using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Tests.Peers;

/// <summary>
/// kubectl 1.32's generator commands send protobuf bodies for built-in kinds (and do not fall back to JSON): each
/// <c>kubectl create</c> subcommand, <c>run</c> and <c>expose</c> against a real API server, then the fields it set, read back.
/// </summary>
[Trait("Peer", "kubectl")]
[Trait("Category", "Slow")]
public sealed class KubectlCreateTests
{
    private const string PodOverrides =
        """{"spec":{"containers":[{"name":"p","image":"tdcc.io/echo","args":["--code","3"],"resources":{"limits":{"cpu":"500m","memory":"64Mi"},"requests":{"cpu":"100m"}},"readinessProbe":{"httpGet":{"path":"/ready","port":"http"},"periodSeconds":5},"livenessProbe":{"tcpSocket":{"port":8080},"initialDelaySeconds":2},"ports":[{"name":"http","containerPort":8080}],"volumeMounts":[{"name":"cfg","mountPath":"/etc/cfg","readOnly":true}]}],"volumes":[{"name":"cfg","configMap":{"name":"cfg","defaultMode":420}},{"name":"tmp","emptyDir":{"sizeLimit":"1Gi"}}],"terminationGracePeriodSeconds":0}}""";

    public static TheoryData<string, string, string, string> Commands => new()
    {
        { "create clusterrole reader --verb=get,list --resource=pods,services", "clusterrole reader", "{.rules[0].verbs} {.rules[0].resources}", "[\"get\",\"list\"] [\"pods\",\"services\"]" },
        { "create clusterrolebinding readers --clusterrole=reader --user=alice --group=devs", "clusterrolebinding readers", "{.roleRef.kind}/{.roleRef.name} {.subjects[*].kind} {.subjects[*].name}", "ClusterRole/reader User Group alice devs" },
        { "create configmap cfg --from-literal=a=b --from-literal=c=d", "configmap cfg", "{.data.a}{.data.c}", "bd" },
        { "create deployment web --image=tdcc.io/echo --replicas=3 --port=8080", "deployment web", "{.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}", "3 web tdcc.io/echo 8080" },
        { "create deployment idle --image=tdcc.io/echo --replicas=0", "deployment idle", "replicas={.spec.replicas}", "replicas=0" },
        { "create job hello --image=tdcc.io/echo -- --exit-code=0", "job hello", "{.spec.template.spec.restartPolicy} {.spec.template.spec.containers[0].command} {.spec.completions}/{.spec.parallelism} {.spec.backoffLimit} {.spec.completionMode} {.spec.template.metadata.labels.job-name} {.spec.suspend}", "Never [\"--exit-code=0\"] 1/1 6 NonIndexed hello false" },
        { "create cronjob nightly --image=tdcc.io/echo --schedule=@hourly -- --run-for=1s", "cronjob nightly", "{.spec.schedule} {.spec.concurrencyPolicy} {.spec.successfulJobsHistoryLimit}/{.spec.failedJobsHistoryLimit} {.spec.suspend} {.spec.jobTemplate.spec.template.spec.restartPolicy} {.spec.jobTemplate.spec.template.spec.containers[0].command}", "@hourly Allow 3/1 false OnFailure [\"--run-for=1s\"]" },
        { "create ingress web --class=default --rule=foo.com/bar*=svc1:8080 --rule=tls.com/=svc2:https,tls=my-cert", "ingress web", "{.spec.ingressClassName} {.spec.rules[0].host}{.spec.rules[0].http.paths[0].path} {.spec.rules[0].http.paths[0].pathType} {.spec.rules[0].http.paths[0].backend.service.name}:{.spec.rules[0].http.paths[0].backend.service.port.number} {.spec.rules[1].http.paths[0].backend.service.port.name} {.spec.tls[0].secretName}", "default foo.com/bar Prefix svc1:8080 https my-cert" },
        { "create namespace team", "namespace team", "{.metadata.name} {.status.phase}", "team Active" },
        { "create poddisruptionbudget web --selector=app=web --min-available=50%", "pdb web", "{.spec.minAvailable} {.spec.selector.matchLabels.app}", "50% web" },
        { "create poddisruptionbudget api --selector=app=api --max-unavailable=1", "pdb api", "{.spec.maxUnavailable}", "1" },
        { "create role pod-reader --verb=get --verb=watch --resource=pods --resource-name=web", "role pod-reader", "{.rules[0].verbs} {.rules[0].resources} {.rules[0].resourceNames}", "[\"get\",\"watch\"] [\"pods\"] [\"web\"]" },
        { "create rolebinding readers --role=pod-reader --serviceaccount=default:bot", "rolebinding readers", "{.roleRef.kind}/{.roleRef.name} {.subjects[0].kind} {.subjects[0].namespace}/{.subjects[0].name}", "Role/pod-reader ServiceAccount default/bot" },
        { "create secret generic creds --from-literal=user=admin --type=Opaque", "secret creds", "{.type} {.data.user}", "Opaque YWRtaW4=" },
        { "create secret docker-registry pull --docker-server=registry.tdcc.io --docker-username=u --docker-password=p", "secret pull", "{.type}", "kubernetes.io/dockerconfigjson" },
        { "create secret tls web-tls --cert={dir}/tls.crt --key={dir}/tls.key", "secret web-tls", "{.type} {.data.tls\\.crt}", "kubernetes.io/tls {crt}" },
        { "create service clusterip s --tcp=80:8080 --tcp=443:8443", "service s", "{.spec.type} {.spec.ports[*].port} {.spec.ports[*].targetPort} {.spec.ports[0].protocol} {.spec.selector.app}", "ClusterIP 80 443 8080 8443 TCP s" },
        { "create service nodeport np --tcp=80:http --node-port=30080", "service np", "{.spec.type} {.spec.ports[0].port}->{.spec.ports[0].targetPort} {.spec.ports[0].nodePort}", "NodePort 80->http 30080" },
        { "create service loadbalancer lb --tcp=443:8443", "service lb", "{.spec.type} {.spec.ports[0].port}->{.spec.ports[0].targetPort}", "LoadBalancer 443->8443" },
        { "create service externalname ext --external-name=db.example.com --tcp=5432", "service ext", "{.spec.type} {.spec.externalName} {.spec.ports[0].port}", "ExternalName db.example.com 5432" },
        { "create priorityclass high --value=1000 --description=urgent --preemption-policy=Never", "priorityclass high", "{.value} {.description} {.preemptionPolicy} {.globalDefault}", "1000 urgent Never " },
        { "create quota small --hard=cpu=1,memory=1G,pods=2,services=3 --scopes=NotBestEffort", "quota small", "{.spec.hard.cpu} {.spec.hard.memory} {.spec.hard.pods} {.spec.hard.services} {.spec.scopes}", "1 1G 2 3 [\"NotBestEffort\"]" },
        { "create serviceaccount bot", "serviceaccount bot", "{.metadata.name}", "bot" },
        { "run echo --image=tdcc.io/echo --port=8080 --env=MODE=fast --labels=app=echo,tier=web", "pod echo", "{.spec.containers[0].image} {.spec.containers[0].ports[0].containerPort} {.spec.containers[0].env[0].name}={.spec.containers[0].env[0].value} {.metadata.labels.tier}", "tdcc.io/echo 8080 MODE=fast web" },
        { "run p --image=tdcc.io/echo --restart=Never --overrides=" + PodOverrides, "pod p", "{.spec.restartPolicy} {.spec.containers[0].args} {.spec.containers[0].resources.limits.cpu}/{.spec.containers[0].resources.limits.memory}/{.spec.containers[0].resources.requests.cpu} {.spec.containers[0].readinessProbe.httpGet.port} {.spec.containers[0].readinessProbe.periodSeconds} {.spec.containers[0].livenessProbe.tcpSocket.port} {.spec.containers[0].volumeMounts[0].mountPath} {.spec.containers[0].volumeMounts[0].readOnly} {.spec.volumes[0].configMap.defaultMode} {.spec.volumes[1].emptyDir.sizeLimit} grace={.spec.terminationGracePeriodSeconds}", "Never [\"--code\",\"3\"] 500m/64Mi/100m http 5 8080 /etc/cfg true 420 1Gi grace=0" },
    };

    [PeerTheory("kubectl")]
    [MemberData(nameof(Commands))]
    public async Task Create_GeneratorCommand_StoresTheFieldsKubectlSet(string command, string get, string jsonPath, string expected)
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);

        var directory = Directory.CreateTempSubdirectory("tdcc-kubectl-create-");
        var certificate = await WriteCertificateAsync(directory.FullName);
        var created = await kubectl.RunAsync(null, command.Replace("{dir}", directory.FullName, StringComparison.Ordinal).Split(' '));
        var read = await kubectl.RunAsync(null, [.. get.Split(' ').Prepend("get"), "-o", $"jsonpath={jsonPath}"]);

        created.ExitCode.Should().Be(0, created.ToString());
        read.ExitCode.Should().Be(0, read.ToString());
        read.StandardOutput.Should().Be(expected.Replace("{crt}", certificate, StringComparison.Ordinal), "kubectl {0} sets these fields", command);
        directory.Delete(recursive: true);
    }

    [PeerFact("kubectl")]
    public async Task Expose_Deployment_CreatesAServiceForItsPods()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);
        (await kubectl.RunAsync(null, "create", "deployment", "web", "--image=tdcc.io/echo", "--port=8080")).ExitCode.Should().Be(0);

        var exposed = await kubectl.RunAsync(null, "expose", "deployment", "web", "--port=80", "--target-port=8080", "--name=web-svc", "--type=NodePort");
        var read = await kubectl.RunAsync(null, "get", "service", "web-svc", "-o", "jsonpath={.spec.type} {.spec.selector.app} {.spec.ports[0].port}->{.spec.ports[0].targetPort} {.spec.ports[0].protocol}");

        exposed.ExitCode.Should().Be(0, exposed.ToString());
        exposed.StandardOutput.Should().Contain("service/web-svc exposed");
        read.StandardOutput.Should().Be("NodePort web 80->8080 TCP", read.ToString());
    }

    /// <summary>A self-signed certificate and key in PEM for <c>kubectl create secret tls</c>; returns the certificate's base64 PEM.</summary>
    private static async Task<string> WriteCertificateAsync(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=web.tdcc.test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pem = certificate.ExportCertificatePem() + "\n";
        await File.WriteAllTextAsync(Path.Combine(directory, "tls.crt"), pem);
        await File.WriteAllTextAsync(Path.Combine(directory, "tls.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
        return Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pem));
    }

}
