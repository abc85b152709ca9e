#!/usr/bin/env python3
"""Writes the protobuf decoding tables of the sandbox API server (src/Tdcc.Mesh.ApiServer/Protobuf/Messages).

Kubernetes' protobuf field numbers are facts of its API: every field of a built-in type carries them in its Go struct
tag (`protobuf:"bytes,3,rep,name=containers"` beside `json:"containers,omitempty"`). This script reads those tags from
mirrors of k8s.io/api and k8s.io/apimachinery and writes, per group version, one C# table of ProtoMessage values: field
number -> JSON name, shape (string, int, message, map, ...), repeated, and whether a zero value is kept (pointer fields,
which gogo-protobuf emits only when set). Nothing else of the upstream files is carried over.

Usage: scripts/protobuf-tables.py <kubernetes/api git dir> <kubernetes/apimachinery git dir> <output dir> [tag, default v0.35.7]
"""

import re
import subprocess
import sys

# Go package (as imported) -> (directory in its repository, repository key, apiVersion or None, C# class)
PACKAGES = {
    "k8s.io/apimachinery/pkg/apis/meta/v1": ("pkg/apis/meta/v1", "machinery", None, "MetaV1Messages"),
    "k8s.io/api/core/v1": ("core/v1", "api", "v1", "CoreV1Messages"),
    "k8s.io/api/apps/v1": ("apps/v1", "api", "apps/v1", "AppsV1Messages"),
    "k8s.io/api/batch/v1": ("batch/v1", "api", "batch/v1", "BatchV1Messages"),
    "k8s.io/api/networking/v1": ("networking/v1", "api", "networking.k8s.io/v1", "NetworkingV1Messages"),
    "k8s.io/api/policy/v1": ("policy/v1", "api", "policy/v1", "PolicyV1Messages"),
    "k8s.io/api/rbac/v1": ("rbac/v1", "api", "rbac.authorization.k8s.io/v1", "RbacV1Messages"),
    "k8s.io/api/scheduling/v1": ("scheduling/v1", "api", "scheduling.k8s.io/v1", "SchedulingV1Messages"),
    "k8s.io/api/coordination/v1": ("coordination/v1", "api", "coordination.k8s.io/v1", "CoordinationV1Messages"),
    "k8s.io/api/discovery/v1": ("discovery/v1", "api", "discovery.k8s.io/v1", "DiscoveryV1Messages"),
    "k8s.io/api/authentication/v1": ("authentication/v1", "api", "authentication.k8s.io/v1", "AuthenticationV1Messages"),
    "k8s.io/api/authorization/v1": ("authorization/v1", "api", "authorization.k8s.io/v1", "AuthorizationV1Messages"),
    "k8s.io/api/autoscaling/v1": ("autoscaling/v1", "api", "autoscaling/v1", "AutoscalingV1Messages"),
    "k8s.io/api/certificates/v1": ("certificates/v1", "api", "certificates.k8s.io/v1", "CertificatesV1Messages"),
}

# Types of apimachinery with their own protobuf shape (ProtoFieldType names).
SPECIAL = {
    ("k8s.io/apimachinery/pkg/apis/meta/v1", "Time"): "Time",
    ("k8s.io/apimachinery/pkg/apis/meta/v1", "MicroTime"): "MicroTime",
    ("k8s.io/apimachinery/pkg/apis/meta/v1", "Duration"): "Duration",
    ("k8s.io/apimachinery/pkg/apis/meta/v1", "FieldsV1"): "RawJson",
    ("k8s.io/apimachinery/pkg/runtime", "RawExtension"): "RawJson",
    ("k8s.io/apimachinery/pkg/api/resource", "Quantity"): "Quantity",
    ("k8s.io/apimachinery/pkg/util/intstr", "IntOrString"): "IntOrString",
    ("k8s.io/apimachinery/pkg/types", "UID"): "String",
}

SCALARS = {"string": "String", "bool": "Bool", "int32": "Int32", "int64": "Int64", "int": "Int64"}

# Fields removed upstream that older clients still write (gogo writes every non-pointer field, so kubectl <= 1.24 sends
# ObjectMeta.clusterName = ""): read and ignored.
RETIRED = {
    ("k8s.io/apimachinery/pkg/apis/meta/v1", "ObjectMeta"): [(15, "clusterName")],
}

# meta/v1 messages sent on their own (not as a field of a kind): request options, and the responses' Status and
# PartialObjectMetadata(List).
META_ROOTS = ["DeleteOptions", "Status", "PartialObjectMetadata", "PartialObjectMetadataList"]


def git_show(repo, ref, path):
    return subprocess.run(["git", "--git-dir", repo, "show", f"{ref}:{path}"], check=True, capture_output=True, text=True).stdout


class Package:
    def __init__(self, path, source):
        self.path = path
        self.imports = {}
        self.structs = {}  # name -> [(go field name or None, go type, json name, number, wire)]
        self.named = {}  # name -> underlying go type
        self.kinds = []
        for block in re.findall(r"^import \((.*?)^\)", source, re.S | re.M):
            for alias, imported in re.findall(r"^\s*(\w+)?\s*\"([^\"]+)\"", block, re.M):
                self.imports[alias or imported.rsplit("/", 1)[-1]] = imported
        for name, body in re.findall(r"^type (\w+) struct \{\n(.*?)^\}", source, re.S | re.M):
            fields = []
            embeds_type_meta = False
            for line in body.splitlines():
                line = line.strip()
                if line.startswith("//") or "`" not in line:
                    continue
                decl, tag = line.split("`", 1)
                parts = decl.split()
                go_name, go_type = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
                if go_type == "metav1.TypeMeta":
                    embeds_type_meta = True
                proto = re.search(r'protobuf:"(\w+),(\d+),(\w+)', tag)
                json = re.search(r'json:"([^",]*)', tag)
                if not proto:
                    continue
                json_name = json.group(1) if json else ""
                if json_name == "-":
                    continue
                fields.append((go_name, go_type, json_name, int(proto.group(2)), proto.group(1)))
            self.structs[name] = fields
            if embeds_type_meta:
                self.kinds.append(name)
        for name, underlying in re.findall(r"^type (\w+) ([\w\.\*\[\]]+)\s*$", source, re.M):
            self.named[name] = underlying
        for block in re.findall(r"^type \((.*?)^\)", source, re.S | re.M):
            for name, underlying in re.findall(r"^\s*(\w+) ([\w\.\*\[\]]+)\s*$", block, re.M):
                self.named.setdefault(name, underlying)


def main():
    api_repo, machinery_repo, out_dir = sys.argv[1:4]
    ref = sys.argv[4] if len(sys.argv) > 4 else "v0.35.7"
    repos = {"api": api_repo, "machinery": machinery_repo}
    packages = {}
    for imported, (directory, repo, _, _) in PACKAGES.items():
        packages[imported] = Package(imported, git_show(repos[repo], ref, f"{directory}/types.go"))

    reachable = {imported: set() for imported in PACKAGES}

    def resolve(pkg, go_type):
        """(shape, package, struct, repeated, presence, map value shape/package/struct)"""
        presence = False
        repeated = False
        if go_type.startswith("*"):
            presence, go_type = True, go_type[1:]
        if go_type == "[]byte":
            return ("Bytes", None, None, False, presence, None)
        if go_type.startswith("[]"):
            repeated, go_type = True, go_type[2:]
            if go_type.startswith("*"):
                go_type = go_type[1:]
        if go_type.startswith("map["):
            value = go_type[go_type.index("]") + 1:]
            shape = resolve(pkg, value)
            return ("Map", None, None, False, False, shape)
        if "." in go_type:
            alias, name = go_type.split(".")
            target = pkg.imports[alias]
        else:
            target, name = pkg.path, go_type
        if (target, name) in SPECIAL:
            return (SPECIAL[(target, name)], None, None, repeated, presence, None)
        if go_type in SCALARS:
            return (SCALARS[go_type], None, None, repeated, presence, None)
        other = packages.get(target)
        if other is None:
            raise SystemExit(f"{pkg.path}: type {go_type} of an unknown package")
        if name in other.structs:
            return ("Message", target, name, repeated, presence, None)
        if name in other.named:
            inner = resolve(other, other.named[name])
            return (inner[0], inner[1], inner[2], repeated or inner[3], presence or inner[4], inner[5])
        raise SystemExit(f"{pkg.path}: unknown type {go_type}")

    def visit(target, name):
        if name in reachable[target]:
            return
        reachable[target].add(name)
        pkg = packages[target]
        for _, go_type, _, _, _ in pkg.structs[name]:
            shape = resolve(pkg, go_type)
            if shape[0] == "Message":
                visit(shape[1], shape[2])
            if shape[0] == "Map" and shape[5][0] == "Message":
                visit(shape[5][1], shape[5][2])

    for imported, pkg in packages.items():
        roots = META_ROOTS if PACKAGES[imported][2] is None else pkg.kinds
        for kind in roots:
            visit(imported, kind)

    for imported, (directory, _, api_version, cs_class) in PACKAGES.items():
        pkg = packages[imported]
        ordered = []
        done = set()

        def emit(name, stack=()):
            if name in done:
                return
            if name in stack:
                raise SystemExit(f"{imported}: recursive type {name}")
            for _, go_type, _, _, _ in pkg.structs[name]:
                shape = resolve(pkg, go_type)
                for target, struct in [(shape[1], shape[2])] + ([(shape[5][1], shape[5][2])] if shape[5] else []):
                    if target == imported:
                        emit(struct, stack + (name,))
            done.add(name)
            ordered.append(name)

        for name in sorted(reachable[imported]):
            emit(name)

        lines = [
            "// <auto-generated>",
            f"// Written by scripts/protobuf-tables.py from the protobuf struct tags of {imported} ({ref}):",
            "// field numbers, JSON names and shapes only. Regenerate rather than edit.",
            "// </auto-generated>",
            "",
            "using static Tdcc.Mesh.ApiServer.Protobuf.ProtoField;",
            "",
            "namespace Tdcc.Mesh.ApiServer.Protobuf.Messages;",
            "",
            f"/// <summary>The protobuf messages of {api_version or 'meta/v1'} the API server decodes.</summary>",
            f"internal static class {cs_class}",
            "{",
        ]
        for name in ordered:
            lines.append(f"    public static readonly ProtoMessage {name} = new(\"{name}\",")
            lines.append("    [")
            for go_name, go_type, json_name, number, _ in pkg.structs[name]:
                shape, target, struct, repeated, presence, value = resolve(pkg, go_type)
                args = [str(number), f"\"{json_name}\""]
                if json_name == "":
                    if shape != "Message":
                        raise SystemExit(f"{imported}.{name}.{go_name}: inline non-message")
                    shape = "Inline"
                if shape == "Map":
                    value_shape, target, struct = value[0], value[1], value[2]
                    if value[3]:
                        value_shape += "List"
                    shape = {"StringList": "StringListMap", "String": "StringMap", "Bytes": "BytesMap", "Quantity": "QuantityMap", "Time": "TimeMap"}.get(value_shape)
                    if shape is None:
                        raise SystemExit(f"{imported}.{name}.{go_name}: map of {value_shape}")
                args.append(f"ProtoFieldType.{shape}")
                if struct:
                    args.append(f"{PACKAGES[target][3]}.{struct}" if target != imported else struct)
                if repeated:
                    args.append("repeated: true")
                if presence and not repeated and shape not in ("Message", "Inline"):
                    args.append("presence: true")
                lines.append(f"        Field({', '.join(args)}),")
            for number, json_name in RETIRED.get((imported, name), []):
                lines.append(f"        Field({number}, \"{json_name}\", ProtoFieldType.Retired),")
            lines.append("    ]);")
            lines.append("")
        if api_version:
            lines.append("    /// <summary>The kinds of this group version and their lists: request bodies and responses.</summary>")
            lines.append("    public static readonly IReadOnlyList<(string ApiVersion, string Kind, ProtoMessage Message)> Kinds =")
            lines.append("    [")
            for kind in sorted(pkg.kinds):
                lines.append(f"        (\"{api_version}\", \"{kind}\", {kind}),")
            lines.append("    ];")
        else:
            lines.pop()
        lines.append("}")
        with open(f"{out_dir}/{cs_class}.cs", "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
