namespace Tdcc.Mesh.Distribution.Tests.Helm;

/// <summary>The files of the test chart: a CRD, a ConfigMap from the values, and a custom resource of the CRD's kind.</summary>
internal static class TestCharts
{
    public static IReadOnlyDictionary<string, string> Web(string greeting = "hello") => new Dictionary<string, string>
    {
        ["values.yaml"] = $"greeting: {greeting}\nreplicas: 1\n",
        ["crds/widgets.yaml"] = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """,
        ["templates/widget.yaml"] = """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: {{ .Release.Name }}-widget
              labels:
                helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
            spec:
              size: {{ .Values.replicas }}
            """,
        ["templates/configmap.yaml"] = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-config
              labels:
                helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
            data:
              greeting: {{ .Values.greeting | quote }}
              version: {{ .Chart.Version | quote }}
            """,
    };
}
