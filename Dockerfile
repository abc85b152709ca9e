# syntax=docker/dockerfile:1
# The TDCC Mesh image: ghcr.io/tdcc-mesh/tdcc:<version>, entrypoint `tdcc` (docs/operator.md). Build from the
# repository root:  docker build -t ghcr.io/tdcc-mesh/tdcc:0.1.0 .
# Multi-arch:       docker buildx build --platform linux/amd64,linux/arm64 -t ghcr.io/tdcc-mesh/tdcc:0.1.0 .

# The Envoy xDS protos the build compiles ship in the pinned npm package @grpc/grpc-js-xds (protos/README.md).
FROM --platform=$BUILDPLATFORM node:22-bookworm-slim AS protos
WORKDIR /src/tests/node
COPY tests/node/package.json tests/node/package-lock.json tests/node/.npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
ARG VERSION=0.1.0
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src
COPY . .
COPY --from=protos /src/tests/node/node_modules/@grpc/grpc-js-xds/deps tests/node/node_modules/@grpc/grpc-js-xds/deps
RUN dotnet publish src/Tdcc.Mesh.Cli/Tdcc.Mesh.Cli.csproj -c Release -a "$TARGETARCH" --self-contained false \
      -p:Version="$VERSION" -p:UseAppHost=true -o /out \
 && test -x /out/tdcc

# helm (the hub renders Helm chart feeds with `helm template`), the release tarball checked against its published sha256.
FROM --platform=$BUILDPLATFORM debian:bookworm-slim AS helm
ARG TARGETARCH
ARG HELM_VERSION=v3.17.2
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
 && curl -fsSLo /tmp/helm.tgz "https://get.helm.sh/helm-${HELM_VERSION}-linux-${TARGETARCH}.tar.gz" \
 && echo "$(curl -fsSL "https://get.helm.sh/helm-${HELM_VERSION}-linux-${TARGETARCH}.tar.gz.sha256sum" | cut -d' ' -f1)  /tmp/helm.tgz" | sha256sum -c - \
 && tar -xzf /tmp/helm.tgz -C /tmp "linux-${TARGETARCH}/helm" && mv "/tmp/linux-${TARGETARCH}/helm" /helm

# ASP.NET Core runtime on Ubuntu chiseled: no shell, no package manager.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="tdcc" \
      org.opencontainers.image.description="TDCC Mesh: tdcc hub and tdcc agent, the multi-cluster service mesh operator" \
      org.opencontainers.image.source="https://github.com/tdcc-mesh/tdcc-mesh" \
      org.opencontainers.image.version="$VERSION"
COPY --from=build --chown=0:0 /out /app
# tdcc hub --helm-path defaults to helm on PATH; its homes go to a private folder under /tmp (an emptyDir in the chart).
COPY --from=helm --chown=0:0 /helm /app/helm
# .NET runtime settings for a small, steady working set (src/Tdcc.Mesh.Hosting/Processes/RuntimeSettings.cs; the chart sets them too).
ENV DOTNET_EnableWriteXorExecute=0 DOTNET_GCgen0size=0x400000
ENV PATH="/app:${PATH}"
# Non-root, as the chart's securityContext requires (runAsNonRoot, uid 65532); nothing is written to the image.
USER 65532:65532
ENTRYPOINT ["/app/tdcc"]
