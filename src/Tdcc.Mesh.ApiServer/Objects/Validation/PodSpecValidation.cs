using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidatePodSpec's rules users meet: containers (names, images, ports, env), volumes, policies.</summary>
internal static class PodSpecValidation
{
    public static void Validate(JsonNode? spec, string path, FieldErrorList errors)
    {
        var volumeNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (volume, at) in Fields.Items(spec?["volumes"], Fields.Child(path, "volumes")))
        {
            var name = Fields.Str(volume["name"]) ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Required(Fields.Child(at, "name"));
            }
            else
            {
                Fields.Dns1123Label(name, Fields.Child(at, "name"), errors);
                if (!volumeNames.Add(name))
                {
                    errors.Duplicate(Fields.Child(at, "name"), GoFormat.Quote(name));
                }
            }
        }

        var containerNames = new HashSet<string>(StringComparer.Ordinal);
        var containers = spec?["containers"] as JsonArray;
        if (containers is null || containers.Count == 0)
        {
            errors.Required(Fields.Child(path, "containers"));
        }

        foreach (var (container, at) in Fields.Items(containers, Fields.Child(path, "containers")))
        {
            Container(container, at, containerNames, volumeNames, errors);
        }

        foreach (var (container, at) in Fields.Items(spec?["initContainers"], Fields.Child(path, "initContainers")))
        {
            Container(container, at, containerNames, volumeNames, errors);
        }

        errors.Enum(spec?["restartPolicy"], Fields.Child(path, "restartPolicy"), "Always", "OnFailure", "Never");
        errors.Enum(spec?["dnsPolicy"], Fields.Child(path, "dnsPolicy"), "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
        Fields.NonNegative(spec?["terminationGracePeriodSeconds"], Fields.Child(path, "terminationGracePeriodSeconds"), errors);
        if (Fields.Str(spec?["serviceAccountName"]) is { Length: > 0 } account)
        {
            foreach (var message in NameValidation.Validate(account, label: false))
            {
                errors.InvalidString(Fields.Child(path, "serviceAccountName"), account, message);
            }
        }
    }

    private static void Container(JsonObject container, string path, HashSet<string> names, HashSet<string> volumes, FieldErrorList errors)
    {
        var name = Fields.Str(container["name"]) ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Required(Fields.Child(path, "name"));
        }
        else
        {
            Fields.Dns1123Label(name, Fields.Child(path, "name"), errors);
            if (!names.Add(name))
            {
                errors.Duplicate(Fields.Child(path, "name"), GoFormat.Quote(name));
            }
        }

        var image = Fields.Str(container["image"]) ?? string.Empty;
        if (image.Length == 0)
        {
            errors.Required(Fields.Child(path, "image"));
        }
        else if (image != image.Trim())
        {
            errors.InvalidString(Fields.Child(path, "image"), image, "must not have leading or trailing whitespace");
        }

        var portNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, at) in Fields.Items(container["ports"], Fields.Child(path, "ports")))
        {
            if (Fields.Str(port["name"]) is { Length: > 0 } portName)
            {
                var messages = Fields.PortName(portName);
                foreach (var message in messages)
                {
                    errors.InvalidString(Fields.Child(at, "name"), portName, message);
                }

                if (messages.Count == 0 && !portNames.Add(portName))
                {
                    errors.Duplicate(Fields.Child(at, "name"), GoFormat.Quote(portName));
                }
            }

            Fields.PortNumber(port["containerPort"], Fields.Child(at, "containerPort"), errors, required: true);
            Fields.PortNumber(port["hostPort"], Fields.Child(at, "hostPort"), errors);
            Fields.Protocol(port["protocol"], Fields.Child(at, "protocol"), errors, required: true);
        }

        foreach (var (env, at) in Fields.Items(container["env"], Fields.Child(path, "env")))
        {
            if (string.IsNullOrEmpty(Fields.Str(env["name"])))
            {
                errors.Required(Fields.Child(at, "name"));
            }
        }

        foreach (var (mount, at) in Fields.Items(container["volumeMounts"], Fields.Child(path, "volumeMounts")))
        {
            var volume = Fields.Str(mount["name"]) ?? string.Empty;
            if (volume.Length == 0)
            {
                errors.Required(Fields.Child(at, "name"));
            }
            else if (!volumes.Contains(volume))
            {
                errors.NotFound(Fields.Child(at, "name"), GoFormat.Quote(volume));
            }

            if (string.IsNullOrEmpty(Fields.Str(mount["mountPath"])))
            {
                errors.Required(Fields.Child(at, "mountPath"));
            }
        }

        errors.Enum(container["imagePullPolicy"], Fields.Child(path, "imagePullPolicy"), "Always", "IfNotPresent", "Never");
        errors.Enum(container["terminationMessagePolicy"], Fields.Child(path, "terminationMessagePolicy"), "File", "FallbackToLogsOnError");
    }
}
