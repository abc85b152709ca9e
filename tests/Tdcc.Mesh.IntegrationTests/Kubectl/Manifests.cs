namespace Tdcc.Mesh.IntegrationTests.Kubectl;

/// <summary>YAML the kubectl suites apply.</summary>
internal static class Manifests
{
    /// <summary>A namespaced CRD (example.com/v1 Widget, short name wg) with printer columns, descriptions and a minimum.</summary>
    public const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList, shortNames: [wg]}
          versions:
          - name: v1
            served: true
            storage: true
            additionalPrinterColumns:
            - {name: Size, type: integer, jsonPath: .spec.size}
            - {name: Color, type: string, jsonPath: .spec.color}
            schema:
              openAPIV3Schema:
                type: object
                description: A Widget is a configurable thing.
                properties:
                  spec:
                    type: object
                    description: Spec says what the widget should look like.
                    properties:
                      size: {type: integer, minimum: 1, description: How big the widget is in centimetres.}
                      color: {type: string, description: The colour the widget is painted.}
        """;

    public static string Deployment(string name, string ns, int replicas = 2, string image = "nginx:1.27") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          namespace: {{ns}}
          labels: {app: {{name}}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: app
                image: {{image}}
              - name: sidecar
                image: busybox:1.36
        """;

    public static string ConfigMap(string name, string ns, string value, string? finalizer = null) => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{name}}
          namespace: {{ns}}
          {{(finalizer is null ? "labels: {suite: kubectl}" : $"finalizers: [{finalizer}]")}}
        data:
          key: {{value}}
        """;

    public static string Widget(string name, string ns, string size, string color = "red") => $$"""
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec: {size: {{size}}, color: {{color}}}
        """;
}
