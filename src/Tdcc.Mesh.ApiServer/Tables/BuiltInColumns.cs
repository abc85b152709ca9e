using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.ApiServer.Objects;

namespace Tdcc.Mesh.ApiServer.Tables;

/// <summary>The server-side printing columns of the built-in kinds, as kube-apiserver prints them.</summary>
internal static partial class BuiltInColumns
{
    private const string None = "<none>";

    public static readonly TableColumn NameColumn = new("Name", "string", "name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", 0, (o, _) => ObjectMeta.Name(o));

    public static readonly TableColumn AgeColumn = new("Age", "string", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.", 0, (o, now) => Age(o["metadata"]?["creationTimestamp"], now));

    public static readonly FrozenDictionary<string, ImmutableArray<TableColumn>> ByResource = new Dictionary<string, ImmutableArray<TableColumn>>
    {
        ["pods"] =
        [
            NameColumn,
            Col("Ready", "string", "The aggregate readiness state of this pod for accepting traffic.", o => PodReady(o)),
            Col("Status", "string", "The aggregate status of the containers in this pod.", o => PodStatus(o)),
            Col("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.", o => (o["status"]?["containerStatuses"] as JsonArray ?? []).Sum(c => Int(c?["restartCount"])).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            AgeColumn,
            Col("IP", "string", "The IP address assigned to the pod", o => Str(o["status"]?["podIP"]) ?? None, 1),
            Col("Node", "string", "The name of the node the pod is assigned to", o => Str(o["spec"]?["nodeName"]) ?? None, 1),
            Col("Nominated Node", "string", "The name of the node where the pod is nominated", o => Str(o["status"]?["nominatedNodeName"]) ?? None, 1),
            Col("Readiness Gates", "string", "The readiness gates of the pod", o => o["spec"]?["readinessGates"] is JsonArray { Count: > 0 } gates ? $"0/{gates.Count}" : None, 1),
        ],
        ["services"] =
        [
            NameColumn,
            Col("Type", "string", "The type of the service.", o => Str(o["spec"]?["type"]) ?? "ClusterIP"),
            Col("Cluster-IP", "string", "The cluster IP of the service.", o => Str(o["spec"]?["clusterIP"]) ?? None),
            Col("External-IP", "string", "The external IP of the service.", ServiceExternalIp),
            Col("Port(s)", "string", "The ports of the service.", ServicePorts),
            AgeColumn,
            Col("Selector", "string", "The label selector of the service.", o => MapString(o["spec"]?["selector"]) ?? None, 1),
        ],
        ["namespaces"] = [NameColumn, Col("Status", "string", "The status of the namespace", o => Str(o["status"]?["phase"]) ?? string.Empty), AgeColumn],
        ["nodes"] =
        [
            NameColumn,
            Col("Status", "string", "The status of the node", NodeStatus),
            Col("Roles", "string", "The roles of the node", NodeRoles),
            AgeColumn,
            Col("Version", "string", "Kubelet Version reported by the node.", o => Str(o["status"]?["nodeInfo"]?["kubeletVersion"]) ?? string.Empty),
            Col("Internal-IP", "string", "List of internal IPs.", o => NodeAddress(o, "InternalIP"), 1),
            Col("External-IP", "string", "List of external IPs.", o => NodeAddress(o, "ExternalIP"), 1),
            Col("OS-Image", "string", "OS image reported by the node.", o => Str(o["status"]?["nodeInfo"]?["osImage"]) ?? "<unknown>", 1),
            Col("Kernel-Version", "string", "Kernel version reported by the node.", o => Str(o["status"]?["nodeInfo"]?["kernelVersion"]) ?? "<unknown>", 1),
            Col("Container-Runtime", "string", "Container runtime reported by the node.", o => Str(o["status"]?["nodeInfo"]?["containerRuntimeVersion"]) ?? "<unknown>", 1),
        ],
        ["configmaps"] = [NameColumn, IntCol("Data", "Number of data in the configmap", o => Count(o["data"]) + Count(o["binaryData"])), AgeColumn],
        ["secrets"] = [NameColumn, Col("Type", "string", "The type of the secret", o => Str(o["type"]) ?? "Opaque"), IntCol("Data", "Number of data in the secret", o => Count(o["data"])), AgeColumn],
        ["serviceaccounts"] = [NameColumn, IntCol("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.", o => Count(o["secrets"])), AgeColumn],
        ["endpoints"] = [NameColumn, Col("Endpoints", "string", "Endpoints is the list of endpoints.", EndpointsList), AgeColumn],
        ["events"] =
        [
            Col("Last Seen", "string", "Time when this Event was last seen", (o, now) => Age(o["lastTimestamp"] ?? o["eventTime"] ?? o["metadata"]?["creationTimestamp"], now)),
            Col("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future.", o => Str(o["type"]) ?? string.Empty),
            Col("Reason", "string", "A machine-readable description of the cause of the event.", o => Str(o["reason"]) ?? string.Empty),
            Col("Object", "string", "The object this Event is about.", o => $"{(Str(o["involvedObject"]?["kind"]) ?? string.Empty).ToLowerInvariant()}/{Str(o["involvedObject"]?["name"])}"),
            Col("Message", "string", "A human-readable description of the status of this operation.", o => Str(o["message"]) ?? string.Empty),
        ],
        ["endpointslices.discovery.k8s.io"] =
        [
            NameColumn,
            Col("AddressType", "string", "The IP protocol for this slice", o => Str(o["addressType"]) ?? string.Empty),
            Col("Ports", "string", "The ports of this slice", o => o["ports"] is JsonArray { Count: > 0 } ports ? string.Join(",", ports.Select(p => Str(p?["port"]) ?? string.Empty)) : "<unset>"),
            Col("Endpoints", "string", "Endpoints in this slice", o => Limited((o["endpoints"] as JsonArray ?? []).SelectMany(e => (e?["addresses"] as JsonArray ?? []).Select(a => Str(a) ?? string.Empty)).ToList(), "<unset>")),
            AgeColumn,
        ],
        ["deployments.apps"] =
        [
            NameColumn,
            Col("Ready", "string", "Number of the pod with ready state", o => $"{Int(o["status"]?["readyReplicas"])}/{Int(o["spec"]?["replicas"])}"),
            IntCol("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", o => Int(o["status"]?["updatedReplicas"])),
            IntCol("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", o => Int(o["status"]?["availableReplicas"])),
            AgeColumn,
            Col("Containers", "string", "Names of each container in the template.", o => Containers(o, "name"), 1),
            Col("Images", "string", "Images referenced by each container in the template.", o => Containers(o, "image"), 1),
            Col("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", o => Selector(o["spec"]?["selector"]), 1),
        ],
        ["replicasets.apps"] =
        [
            NameColumn,
            IntCol("Desired", "Number of desired pods.", o => Int(o["spec"]?["replicas"])),
            IntCol("Current", "Number of actual replicas.", o => Int(o["status"]?["replicas"])),
            IntCol("Ready", "Number of ready replicas.", o => Int(o["status"]?["readyReplicas"])),
            AgeColumn,
            Col("Containers", "string", "Names of each container in the template.", o => Containers(o, "name"), 1),
            Col("Images", "string", "Images referenced by each container in the template.", o => Containers(o, "image"), 1),
            Col("Selector", "string", "Label selector for pods.", o => Selector(o["spec"]?["selector"]), 1),
        ],
        ["statefulsets.apps"] =
        [
            NameColumn,
            Col("Ready", "string", "Number of the pod with ready state", o => $"{Int(o["status"]?["readyReplicas"])}/{Int(o["spec"]?["replicas"])}"),
            AgeColumn,
            Col("Containers", "string", "Names of each container in the template.", o => Containers(o, "name"), 1),
            Col("Images", "string", "Images referenced by each container in the template.", o => Containers(o, "image"), 1),
        ],
        ["daemonsets.apps"] =
        [
            NameColumn,
            IntCol("Desired", "The desired number of nodes that should be running the daemon pod.", o => Int(o["status"]?["desiredNumberScheduled"])),
            IntCol("Current", "The number of nodes that are running at least 1 daemon pod.", o => Int(o["status"]?["currentNumberScheduled"])),
            IntCol("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.", o => Int(o["status"]?["numberReady"])),
            IntCol("Up-to-date", "The total number of nodes that are running updated daemon pod", o => Int(o["status"]?["updatedNumberScheduled"])),
            IntCol("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.", o => Int(o["status"]?["numberAvailable"])),
            Col("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node.", o => MapString(o["spec"]?["template"]?["spec"]?["nodeSelector"]) ?? None),
            AgeColumn,
        ],
        ["jobs.batch"] = JobColumns(),
        ["cronjobs.batch"] = CronJobColumns(),
        ["leases.coordination.k8s.io"] = [NameColumn, Col("Holder", "string", "The holder of the lease", o => Str(o["spec"]?["holderIdentity"]) ?? string.Empty), AgeColumn],
        ["networkpolicies.networking.k8s.io"] = [NameColumn, Col("Pod-Selector", "string", "Selects the pods to which this NetworkPolicy object applies.", o => Selector(o["spec"]?["podSelector"])), AgeColumn],
        ["ingresses.networking.k8s.io"] =
        [
            NameColumn,
            Col("Class", "string", "The name of the IngressClass resource that should be used.", o => Str(o["spec"]?["ingressClassName"]) ?? None),
            Col("Hosts", "string", "Hosts that incoming requests are matched against.", o => Limited((o["spec"]?["rules"] as JsonArray ?? []).Select(r => Str(r?["host"]) ?? "*").ToList(), "*")),
            Col("Address", "string", "Address is a list containing ingress points for the load-balancer", o => string.Join(",", (o["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).Select(i => Str(i?["ip"]) ?? Str(i?["hostname"])))),
            Col("Ports", "string", "Ports of TLS configurations that open", o => o["spec"]?["tls"] is JsonArray { Count: > 0 } ? "80, 443" : "80"),
            AgeColumn,
        ],
        ["poddisruptionbudgets.policy"] =
        [
            NameColumn,
            Col("Min Available", "string", "The minimum number of pods that must be available simultaneously.  This can be either an integer or percentage.", o => IntOrString(o["spec"]?["minAvailable"])),
            Col("Max Unavailable", "string", "The maximum number of pods that may be unavailable.  This can be either an integer or percentage.", o => IntOrString(o["spec"]?["maxUnavailable"])),
            IntCol("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time.", o => Int(o["status"]?["disruptionsAllowed"])),
            AgeColumn,
        ],
        ["certificatesigningrequests.certificates.k8s.io"] =
        [
            NameColumn,
            AgeColumn,
            Col("SignerName", "string", "Signer name", o => Str(o["spec"]?["signerName"]) ?? None),
            Col("Requestor", "string", "Request originator", o => Str(o["spec"]?["username"]) ?? string.Empty),
            Col("RequestedDuration", "string", "Requested certificate duration", o => Int(o["spec"]?["expirationSeconds"]) is var s and > 0 ? HumanDuration.Format(TimeSpan.FromSeconds(s)) : None),
            Col("Condition", "string", "Current condition of the CSR", o => CsrCondition(o)),
        ],
        ["customresourcedefinitions.apiextensions.k8s.io"] =

        [
            NameColumn,
            new TableColumn("Created At", "date", string.Empty, "The time the CRD was created.", 0, (o, _) => Str(o["metadata"]?["creationTimestamp"])),
        ],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string Age(JsonNode? timestamp, DateTimeOffset now) =>
        ObjectMeta.ParseTimestamp(Str(timestamp)) is { } time ? HumanDuration.Format(now - time) : "<unknown>";

    public static string? Str(JsonNode? node) => node is JsonValue value ? value.ToString() : null;

    private static TableColumn Col(string name, string type, string description, Func<JsonObject, JsonNode?> cell, int priority = 0) =>
        new(name, type, string.Empty, description, priority, (o, _) => cell(o));

    private static TableColumn Col(string name, string type, string description, Func<JsonObject, DateTimeOffset, JsonNode?> cell) =>
        new(name, type, string.Empty, description, 0, cell);

    private static TableColumn IntCol(string name, string description, Func<JsonObject, long> cell) =>
        new(name, "integer", string.Empty, description, 0, (o, _) => JsonValue.Create(cell(o)));

    /// <summary>kube's printer: the condition types in order (Approved, Denied, Failed), then Issued once a certificate is there, else Pending.</summary>
    private static string CsrCondition(JsonObject o)
    {
        var types = (o["status"]?["conditions"] as JsonArray ?? []).Select(c => Str(c?["type"])).OfType<string>().ToList();
        if (!string.IsNullOrEmpty(Str(o["status"]?["certificate"])))
        {
            types.Add("Issued");
        }

        return types.Count == 0 ? "Pending" : string.Join(',', types);
    }

    /// <summary>An intstr.IntOrString as kube's printer shows it, N/A when unset.</summary>
    private static string IntOrString(JsonNode? node) => Str(node) ?? "N/A";

    private static long Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var n) ? n : 0;

    private static int Count(JsonNode? node) => node switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    private static string? MapString(JsonNode? node) =>
        node is JsonObject { Count: > 0 } map ? string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) : null;

    private static string Selector(JsonNode? selector)
    {
        try
        {
            var text = selector is null ? string.Empty : LabelSelector.FromLabelSelector(selector).ToString();
            return text.Length == 0 ? (selector is null ? None : "<none>") : text;
        }
        catch (FormatException)
        {
            return "<error>";
        }
    }

    private static string Limited(List<string> items, string empty)
    {
        if (items.Count == 0)
        {
            return empty;
        }

        return items.Count <= 3 ? string.Join(",", items) : string.Join(",", items.Take(3)) + $" + {items.Count - 3} more...";
    }

    private static string Containers(JsonObject o, string field) =>
        string.Join(",", (o["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).Select(c => Str(c?[field]) ?? string.Empty));

    private static string PodReady(JsonObject o)
    {
        var total = Count(o["spec"]?["containers"]);
        var ready = (o["status"]?["containerStatuses"] as JsonArray ?? []).Count(c => c?["ready"] is JsonValue v && v.TryGetValue<bool>(out var r) && r);
        return $"{ready}/{total}";
    }

    private static string PodStatus(JsonObject o)
    {
        if (ObjectMeta.IsDeleting(o))
        {
            return "Terminating";
        }

        var reason = Str(o["status"]?["reason"]) ?? Str(o["status"]?["phase"]) ?? string.Empty;
        foreach (var container in o["status"]?["containerStatuses"] as JsonArray ?? [])
        {
            if (Str(container?["state"]?["waiting"]?["reason"]) is { Length: > 0 } waiting)
            {
                reason = waiting;
            }
            else if (Str(container?["state"]?["terminated"]?["reason"]) is { Length: > 0 } terminated)
            {
                reason = terminated;
            }
        }

        return reason;
    }

    private static JsonNode? ServiceExternalIp(JsonObject o)
    {
        var spec = o["spec"];
        var externalIps = (spec?["externalIPs"] as JsonArray ?? []).Select(Str).Where(s => s is not null).ToList();
        switch (Str(spec?["type"]) ?? "ClusterIP")
        {
            case "ExternalName":
                return Str(spec?["externalName"]) ?? None;
            case "LoadBalancer":
                var ingress = (o["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).Select(i => Str(i?["ip"]) ?? Str(i?["hostname"])).Where(s => s is not null);
                var all = externalIps.Concat(ingress).ToList();
                return all.Count > 0 ? string.Join(",", all) : "<pending>";
            default:
                return externalIps.Count > 0 ? string.Join(",", externalIps) : None;
        }
    }

    private static JsonNode? ServicePorts(JsonObject o)
    {
        var ports = o["spec"]?["ports"] as JsonArray ?? [];
        if (ports.Count == 0)
        {
            return None;
        }

        return string.Join(",", ports.Select(p =>
        {
            var port = Str(p?["port"]);
            var nodePort = Str(p?["nodePort"]);
            var protocol = Str(p?["protocol"]) ?? "TCP";
            return nodePort is null ? $"{port}/{protocol}" : $"{port}:{nodePort}/{protocol}";
        }));
    }

    private static JsonNode? NodeStatus(JsonObject o)
    {
        var ready = (o["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => Str(c?["type"]) == "Ready");
        var status = ready is null ? "Unknown" : Str(ready["status"]) == "True" ? "Ready" : "NotReady";
        return o["spec"]?["unschedulable"] is JsonValue v && v.TryGetValue<bool>(out var u) && u ? status + ",SchedulingDisabled" : status;
    }

    private static JsonNode? NodeRoles(JsonObject o)
    {
        var roles = (o["metadata"]?["labels"] as JsonObject ?? [])
            .Select(p => p.Key)
            .Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
            .Select(k => k["node-role.kubernetes.io/".Length..])
            .Where(r => r.Length > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        return roles.Count > 0 ? string.Join(",", roles) : None;
    }

    private static string NodeAddress(JsonObject o, string type)
    {
        var addresses = (o["status"]?["addresses"] as JsonArray ?? []).Where(a => Str(a?["type"]) == type).Select(a => Str(a?["address"]) ?? string.Empty).ToList();
        return addresses.Count > 0 ? string.Join(",", addresses) : None;
    }

    private static JsonNode? EndpointsList(JsonObject o)
    {
        var list = new List<string>();
        foreach (var subset in o["subsets"] as JsonArray ?? [])
        {
            var ports = (subset?["ports"] as JsonArray ?? []).Select(p => Str(p?["port"])).ToList();
            foreach (var address in subset?["addresses"] as JsonArray ?? [])
            {
                var ip = Str(address?["ip"]) ?? string.Empty;
                if (ports.Count == 0)
                {
                    list.Add(ip);
                }
                else
                {
                    list.AddRange(ports.Select(p => $"{ip}:{p}"));
                }
            }
        }

        return Limited(list, None);
    }
}
