namespace Tdcc.Mesh.ApiServer.OpenApi.Types;

/// <summary>
/// The field types of the built-in kinds the server serves, transcribed from the upstream API (core/v1, apps/v1,
/// discovery.k8s.io/v1, coordination.k8s.io/v1, networking.k8s.io/v1, policy/v1, certificates.k8s.io/v1, rbac.authorization.k8s.io/v1, meta/v1).
/// One block per Go struct: <c>type pkg.Name</c> (or <c>kind pkg.Name</c> for a top-level kind, which also gets
/// apiVersion, kind and metadata), then <c>field:type</c> pairs. Types: string, int32, int64, float64, bool,
/// quantity (resource.Quantity), intstr (intstr.IntOrString), time (metav1.Time), microtime, bytes ([]byte),
/// any (free JSON), <c>[]T</c>, <c>map[T]</c> (string keys), or a struct (<c>pkg.Name</c>; bare names are the block's package).
/// Fields a struct does not list are kept unchecked, so a partial transcription never rejects a valid object.
/// </summary>
internal static class BuiltInTypeText
{
    public const string Meta = """
        type meta.ObjectMeta
          name:string generateName:string namespace:string selfLink:string uid:string resourceVersion:string
          generation:int64 creationTimestamp:time deletionTimestamp:time deletionGracePeriodSeconds:int64
          labels:map[string] annotations:map[string] ownerReferences:[]OwnerReference finalizers:[]string
          managedFields:[]ManagedFieldsEntry
        type meta.OwnerReference
          apiVersion:string kind:string name:string uid:string controller:bool blockOwnerDeletion:bool
        type meta.ManagedFieldsEntry
          manager:string operation:string apiVersion:string time:time fieldsType:string fieldsV1:any subresource:string
        type meta.LabelSelector
          matchLabels:map[string] matchExpressions:[]LabelSelectorRequirement
        type meta.LabelSelectorRequirement
          key:string operator:string values:[]string
        type meta.Condition
          type:string status:string observedGeneration:int64 lastTransitionTime:time reason:string message:string
        """;

    public const string Core = """
        kind core.Namespace
          spec:NamespaceSpec status:NamespaceStatus
        type core.NamespaceSpec
          finalizers:[]string
        type core.NamespaceStatus
          phase:string conditions:[]NamespaceCondition
        type core.NamespaceCondition
          type:string status:string lastTransitionTime:time reason:string message:string
        kind core.ConfigMap
          data:map[string] binaryData:map[bytes] immutable:bool
        kind core.Secret
          data:map[bytes] stringData:map[string] type:string immutable:bool
        kind core.ServiceAccount
          secrets:[]ObjectReference imagePullSecrets:[]LocalObjectReference automountServiceAccountToken:bool
        type core.ObjectReference
          kind:string namespace:string name:string uid:string apiVersion:string resourceVersion:string fieldPath:string
        type core.LocalObjectReference
          name:string
        kind core.Service
          spec:ServiceSpec status:ServiceStatus
        type core.ServiceSpec
          ports:[]ServicePort selector:map[string] clusterIP:string clusterIPs:[]string type:string externalIPs:[]string
          sessionAffinity:string loadBalancerIP:string loadBalancerSourceRanges:[]string externalName:string
          externalTrafficPolicy:string healthCheckNodePort:int32 publishNotReadyAddresses:bool
          sessionAffinityConfig:SessionAffinityConfig ipFamilies:[]string ipFamilyPolicy:string
          allocateLoadBalancerNodePorts:bool loadBalancerClass:string internalTrafficPolicy:string trafficDistribution:string
        type core.ServicePort
          name:string protocol:string appProtocol:string port:int32 targetPort:intstr nodePort:int32
        type core.SessionAffinityConfig
          clientIP:ClientIPConfig
        type core.ClientIPConfig
          timeoutSeconds:int32
        type core.ServiceStatus
          loadBalancer:LoadBalancerStatus conditions:[]meta.Condition
        type core.LoadBalancerStatus
          ingress:[]LoadBalancerIngress
        type core.LoadBalancerIngress
          ip:string hostname:string ipMode:string ports:[]PortStatus
        type core.PortStatus
          port:int32 protocol:string error:string
        kind core.Endpoints
          subsets:[]EndpointSubset
        type core.EndpointSubset
          addresses:[]EndpointAddress notReadyAddresses:[]EndpointAddress ports:[]EndpointPort
        type core.EndpointAddress
          ip:string hostname:string nodeName:string targetRef:ObjectReference
        type core.EndpointPort
          name:string port:int32 protocol:string appProtocol:string
        kind core.Event
          involvedObject:ObjectReference reason:string message:string source:EventSource firstTimestamp:time
          lastTimestamp:time count:int32 type:string eventTime:microtime series:EventSeries action:string
          related:ObjectReference reportingComponent:string reportingInstance:string
        type core.EventSource
          component:string host:string
        type core.EventSeries
          count:int32 lastObservedTime:microtime
        kind core.Node
          spec:NodeSpec status:NodeStatus
        type core.NodeSpec
          podCIDR:string podCIDRs:[]string providerID:string unschedulable:bool taints:[]Taint
        type core.Taint
          key:string value:string effect:string timeAdded:time
        type core.NodeStatus
          capacity:map[quantity] allocatable:map[quantity] phase:string conditions:[]NodeCondition
          addresses:[]NodeAddress daemonEndpoints:NodeDaemonEndpoints nodeInfo:NodeSystemInfo images:[]ContainerImage
        type core.NodeCondition
          type:string status:string lastHeartbeatTime:time lastTransitionTime:time reason:string message:string
        type core.NodeAddress
          type:string address:string
        type core.NodeDaemonEndpoints
          kubeletEndpoint:DaemonEndpoint
        type core.DaemonEndpoint
          Port:int32
        type core.NodeSystemInfo
          machineID:string systemUUID:string bootID:string kernelVersion:string osImage:string
          containerRuntimeVersion:string kubeletVersion:string kubeProxyVersion:string operatingSystem:string architecture:string
        type core.ContainerImage
          names:[]string sizeBytes:int64
        kind core.Pod
          spec:PodSpec status:PodStatus
        type core.PodTemplateSpec
          metadata:meta.ObjectMeta spec:PodSpec
        type core.PodSpec
          volumes:[]Volume initContainers:[]Container containers:[]Container ephemeralContainers:[]any
          restartPolicy:string terminationGracePeriodSeconds:int64 activeDeadlineSeconds:int64 dnsPolicy:string
          nodeSelector:map[string] serviceAccountName:string serviceAccount:string automountServiceAccountToken:bool
          nodeName:string hostNetwork:bool hostPID:bool hostIPC:bool shareProcessNamespace:bool
          securityContext:PodSecurityContext imagePullSecrets:[]LocalObjectReference hostname:string subdomain:string
          affinity:any schedulerName:string tolerations:[]Toleration hostAliases:[]HostAlias priorityClassName:string
          priority:int32 dnsConfig:PodDNSConfig readinessGates:[]PodReadinessGate runtimeClassName:string
          enableServiceLinks:bool preemptionPolicy:string overhead:map[quantity] topologySpreadConstraints:[]any
          setHostnameAsFQDN:bool os:PodOS hostUsers:bool schedulingGates:[]any resourceClaims:[]any resources:ResourceRequirements
        type core.PodOS
          name:string
        type core.HostAlias
          ip:string hostnames:[]string
        type core.PodDNSConfig
          nameservers:[]string searches:[]string options:[]PodDNSConfigOption
        type core.PodDNSConfigOption
          name:string value:string
        type core.PodReadinessGate
          conditionType:string
        type core.Toleration
          key:string operator:string value:string effect:string tolerationSeconds:int64
        type core.PodSecurityContext
          runAsUser:int64 runAsGroup:int64 runAsNonRoot:bool supplementalGroups:[]int64 fsGroup:int64
          fsGroupChangePolicy:string seccompProfile:SeccompProfile seLinuxOptions:any sysctls:[]any windowsOptions:any appArmorProfile:any
        type core.SeccompProfile
          type:string localhostProfile:string
        type core.Container
          name:string image:string command:[]string args:[]string workingDir:string ports:[]ContainerPort
          envFrom:[]EnvFromSource env:[]EnvVar resources:ResourceRequirements resizePolicy:[]any restartPolicy:string
          volumeMounts:[]VolumeMount volumeDevices:[]any livenessProbe:Probe readinessProbe:Probe startupProbe:Probe
          lifecycle:any terminationMessagePath:string terminationMessagePolicy:string imagePullPolicy:string
          securityContext:SecurityContext stdin:bool stdinOnce:bool tty:bool
        type core.ContainerPort
          name:string hostPort:int32 containerPort:int32 protocol:string hostIP:string
        type core.EnvVar
          name:string value:string valueFrom:EnvVarSource
        type core.EnvVarSource
          fieldRef:ObjectFieldSelector resourceFieldRef:ResourceFieldSelector configMapKeyRef:ConfigMapKeySelector secretKeyRef:SecretKeySelector
        type core.ObjectFieldSelector
          apiVersion:string fieldPath:string
        type core.ResourceFieldSelector
          containerName:string resource:string divisor:quantity
        type core.ConfigMapKeySelector
          name:string key:string optional:bool
        type core.SecretKeySelector
          name:string key:string optional:bool
        type core.EnvFromSource
          prefix:string configMapRef:ConfigMapEnvSource secretRef:SecretEnvSource
        type core.ConfigMapEnvSource
          name:string optional:bool
        type core.SecretEnvSource
          name:string optional:bool
        type core.ResourceRequirements
          limits:map[quantity] requests:map[quantity] claims:[]any
        type core.VolumeMount
          name:string readOnly:bool recursiveReadOnly:string mountPath:string subPath:string mountPropagation:string subPathExpr:string
        type core.Probe
          exec:ExecAction httpGet:HTTPGetAction tcpSocket:TCPSocketAction grpc:GRPCAction initialDelaySeconds:int32
          timeoutSeconds:int32 periodSeconds:int32 successThreshold:int32 failureThreshold:int32 terminationGracePeriodSeconds:int64
        type core.ExecAction
          command:[]string
        type core.HTTPGetAction
          path:string port:intstr host:string scheme:string httpHeaders:[]HTTPHeader
        type core.HTTPHeader
          name:string value:string
        type core.TCPSocketAction
          port:intstr host:string
        type core.GRPCAction
          port:int32 service:string
        type core.SecurityContext
          capabilities:Capabilities privileged:bool seLinuxOptions:any windowsOptions:any runAsUser:int64 runAsGroup:int64
          runAsNonRoot:bool readOnlyRootFilesystem:bool allowPrivilegeEscalation:bool procMount:string
          seccompProfile:SeccompProfile appArmorProfile:any
        type core.Capabilities
          add:[]string drop:[]string
        type core.Volume
          name:string hostPath:HostPathVolumeSource emptyDir:EmptyDirVolumeSource secret:SecretVolumeSource
          configMap:ConfigMapVolumeSource persistentVolumeClaim:PersistentVolumeClaimVolumeSource projected:ProjectedVolumeSource
          downwardAPI:any csi:any ephemeral:any nfs:any image:any
        type core.HostPathVolumeSource
          path:string type:string
        type core.EmptyDirVolumeSource
          medium:string sizeLimit:quantity
        type core.SecretVolumeSource
          secretName:string items:[]KeyToPath defaultMode:int32 optional:bool
        type core.ConfigMapVolumeSource
          name:string items:[]KeyToPath defaultMode:int32 optional:bool
        type core.KeyToPath
          key:string path:string mode:int32
        type core.PersistentVolumeClaimVolumeSource
          claimName:string readOnly:bool
        type core.ProjectedVolumeSource
          sources:[]any defaultMode:int32
        type core.PodStatus
          phase:string conditions:[]PodCondition message:string reason:string nominatedNodeName:string hostIP:string
          hostIPs:[]HostIP podIP:string podIPs:[]PodIP startTime:time initContainerStatuses:[]ContainerStatus
          containerStatuses:[]ContainerStatus qosClass:string ephemeralContainerStatuses:[]ContainerStatus resize:string
        type core.PodCondition
          type:string status:string lastProbeTime:time lastTransitionTime:time reason:string message:string
        type core.HostIP
          ip:string
        type core.PodIP
          ip:string
        type core.ContainerStatus
          name:string state:any lastState:any ready:bool restartCount:int32 image:string imageID:string
          containerID:string started:bool
        """;

    public const string Apps = """
        kind apps.Deployment
          spec:DeploymentSpec status:DeploymentStatus
        type apps.DeploymentSpec
          replicas:int32 selector:meta.LabelSelector template:core.PodTemplateSpec strategy:DeploymentStrategy
          minReadySeconds:int32 revisionHistoryLimit:int32 paused:bool progressDeadlineSeconds:int32
        type apps.DeploymentStrategy
          type:string rollingUpdate:RollingUpdateDeployment
        type apps.RollingUpdateDeployment
          maxUnavailable:intstr maxSurge:intstr
        type apps.DeploymentStatus
          observedGeneration:int64 replicas:int32 updatedReplicas:int32 readyReplicas:int32 availableReplicas:int32
          unavailableReplicas:int32 terminatingReplicas:int32 conditions:[]DeploymentCondition collisionCount:int32
        type apps.DeploymentCondition
          type:string status:string lastUpdateTime:time lastTransitionTime:time reason:string message:string
        kind apps.ReplicaSet
          spec:ReplicaSetSpec status:ReplicaSetStatus
        type apps.ReplicaSetSpec
          replicas:int32 minReadySeconds:int32 selector:meta.LabelSelector template:core.PodTemplateSpec
        type apps.ReplicaSetStatus
          replicas:int32 fullyLabeledReplicas:int32 readyReplicas:int32 availableReplicas:int32 terminatingReplicas:int32
          observedGeneration:int64 conditions:[]ReplicaSetCondition
        type apps.ReplicaSetCondition
          type:string status:string lastTransitionTime:time reason:string message:string
        kind apps.StatefulSet
          spec:StatefulSetSpec status:StatefulSetStatus
        type apps.StatefulSetSpec
          replicas:int32 selector:meta.LabelSelector template:core.PodTemplateSpec volumeClaimTemplates:[]any
          serviceName:string podManagementPolicy:string updateStrategy:StatefulSetUpdateStrategy
          revisionHistoryLimit:int32 minReadySeconds:int32 persistentVolumeClaimRetentionPolicy:any ordinals:StatefulSetOrdinals
        type apps.StatefulSetOrdinals
          start:int32
        type apps.StatefulSetUpdateStrategy
          type:string rollingUpdate:RollingUpdateStatefulSetStrategy
        type apps.RollingUpdateStatefulSetStrategy
          partition:int32 maxUnavailable:intstr
        type apps.StatefulSetStatus
          observedGeneration:int64 replicas:int32 readyReplicas:int32 currentReplicas:int32 updatedReplicas:int32
          currentRevision:string updateRevision:string collisionCount:int32 conditions:[]any availableReplicas:int32
        kind apps.DaemonSet
          spec:DaemonSetSpec status:DaemonSetStatus
        type apps.DaemonSetSpec
          selector:meta.LabelSelector template:core.PodTemplateSpec updateStrategy:DaemonSetUpdateStrategy
          minReadySeconds:int32 revisionHistoryLimit:int32
        type apps.DaemonSetUpdateStrategy
          type:string rollingUpdate:RollingUpdateDaemonSet
        type apps.RollingUpdateDaemonSet
          maxUnavailable:intstr maxSurge:intstr
        type apps.DaemonSetStatus
          currentNumberScheduled:int32 numberMisscheduled:int32 desiredNumberScheduled:int32 numberReady:int32
          observedGeneration:int64 updatedNumberScheduled:int32 numberAvailable:int32 numberUnavailable:int32
          collisionCount:int32 conditions:[]any
        """;

    public const string Others = """
        kind discovery.EndpointSlice
          addressType:string endpoints:[]Endpoint ports:[]EndpointPort
        type discovery.Endpoint
          addresses:[]string conditions:EndpointConditions hostname:string targetRef:core.ObjectReference
          deprecatedTopology:map[string] nodeName:string zone:string hints:EndpointHints
        type discovery.EndpointConditions
          ready:bool serving:bool terminating:bool
        type discovery.EndpointHints
          forZones:[]ForZone forNodes:[]ForNode
        type discovery.ForZone
          name:string
        type discovery.ForNode
          name:string
        type discovery.EndpointPort
          name:string protocol:string port:int32 appProtocol:string
        kind coordination.Lease
          spec:LeaseSpec
        type coordination.LeaseSpec
          holderIdentity:string leaseDurationSeconds:int32 acquireTime:microtime renewTime:microtime
          leaseTransitions:int32 strategy:string preferredHolder:string
        kind networking.NetworkPolicy
          spec:NetworkPolicySpec
        type networking.NetworkPolicySpec
          podSelector:meta.LabelSelector ingress:[]NetworkPolicyIngressRule egress:[]NetworkPolicyEgressRule policyTypes:[]string
        type networking.NetworkPolicyIngressRule
          ports:[]NetworkPolicyPort from:[]NetworkPolicyPeer
        type networking.NetworkPolicyEgressRule
          ports:[]NetworkPolicyPort to:[]NetworkPolicyPeer
        type networking.NetworkPolicyPort
          protocol:string port:intstr endPort:int32
        type networking.NetworkPolicyPeer
          podSelector:meta.LabelSelector namespaceSelector:meta.LabelSelector ipBlock:IPBlock
        type networking.IPBlock
          cidr:string except:[]string
        kind networking.Ingress
          spec:IngressSpec status:IngressStatus
        type networking.IngressSpec
          ingressClassName:string defaultBackend:IngressBackend tls:[]IngressTLS rules:[]IngressRule
        type networking.IngressBackend
          service:IngressServiceBackend resource:core.TypedLocalObjectReference
        type core.TypedLocalObjectReference
          apiGroup:string kind:string name:string
        type networking.IngressServiceBackend
          name:string port:ServiceBackendPort
        type networking.ServiceBackendPort
          name:string number:int32
        type networking.IngressTLS
          hosts:[]string secretName:string
        type networking.IngressRule
          host:string http:HTTPIngressRuleValue
        type networking.HTTPIngressRuleValue
          paths:[]HTTPIngressPath
        type networking.HTTPIngressPath
          path:string pathType:string backend:IngressBackend
        type networking.IngressStatus
          loadBalancer:IngressLoadBalancerStatus
        type networking.IngressLoadBalancerStatus
          ingress:[]IngressLoadBalancerIngress
        type networking.IngressLoadBalancerIngress
          ip:string hostname:string ports:[]core.PortStatus
        kind policy.PodDisruptionBudget
          spec:PodDisruptionBudgetSpec status:PodDisruptionBudgetStatus
        type policy.PodDisruptionBudgetSpec
          minAvailable:intstr maxUnavailable:intstr selector:meta.LabelSelector unhealthyPodEvictionPolicy:string
        type policy.PodDisruptionBudgetStatus
          observedGeneration:int64 disruptedPods:map[time] disruptionsAllowed:int32 currentHealthy:int32
          desiredHealthy:int32 expectedPods:int32 conditions:[]meta.Condition
        kind certificates.CertificateSigningRequest
          spec:CertificateSigningRequestSpec status:CertificateSigningRequestStatus
        type certificates.CertificateSigningRequestSpec
          request:bytes signerName:string expirationSeconds:int32 usages:[]string username:string uid:string
          groups:[]string extra:any
        type certificates.CertificateSigningRequestStatus
          conditions:[]CertificateSigningRequestCondition certificate:bytes
        type certificates.CertificateSigningRequestCondition
          type:string status:string reason:string message:string lastUpdateTime:time lastTransitionTime:time
        kind rbac.Role
          rules:[]PolicyRule
        kind rbac.ClusterRole
          rules:[]PolicyRule aggregationRule:AggregationRule
        type rbac.AggregationRule
          clusterRoleSelectors:[]meta.LabelSelector
        type rbac.PolicyRule
          verbs:[]string apiGroups:[]string resources:[]string resourceNames:[]string nonResourceURLs:[]string
        kind rbac.RoleBinding
          subjects:[]Subject roleRef:RoleRef
        kind rbac.ClusterRoleBinding
          subjects:[]Subject roleRef:RoleRef
        type rbac.Subject
          kind:string apiGroup:string name:string namespace:string
        type rbac.RoleRef
          apiGroup:string kind:string name:string
        kind apiextensions.CustomResourceDefinition
          spec:any status:any
        kind autoscaling.Scale
          spec:ScaleSpec status:ScaleStatus
        type autoscaling.ScaleSpec
          replicas:int32
        type autoscaling.ScaleStatus
          replicas:int32 selector:string
        """;
}
