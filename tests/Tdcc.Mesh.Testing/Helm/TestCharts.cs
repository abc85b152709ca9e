namespace Tdcc.Mesh.Testing.Helm;

/// <summary>The files of the test chart: a CRD, a ConfigMap from the values, and (unless left out) a custom resource of the CRD's kind.</summary>
public static class TestCharts
{
    /// <summary>The chart's files by path; <paramref name="withWidget"/> false leaves the custom resource out (a later version that prunes it).</summary>
    public static IReadOnlyDictionary<string, string> Web(string greeting = "hello", bool withWidget = true)
    {
        var files = Files(greeting);
        if (!withWidget)
        {
            files.Remove("templates/widget.yaml");
        }

        return files;
    }

    private static Dictionary<string, string> Files(string greeting) => new()
    {
        ["values.yaml"] = $"greeting: {greeting}\nsize: 1\n",
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
              size: {{ .Values.size }}
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
