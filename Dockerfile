# syntax=docker/dockerfile:1
# Home Unite Us: one image for both processes.
#   docker build -t homeuniteus .
#   docker run --env-file .env homeuniteus silo
#   docker run --env-file .env -p 127.0.0.1:8000:8000 homeuniteus gateway   (the default)
# Settings: the environment variables of API.md "Configuration" (see .env.example).
# docker-compose.yml runs the whole stack with it.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
WORKDIR /src
# Restore from the central package files and the project files only, so that the package
# layer is rebuilt only when they change (nuget.config and global.json when there are any).
COPY Directory.Build.props Directory.Packages.props .editorconfig nuget.confi[g] global.jso[n] ./
COPY Configuration/Configuration.csproj Configuration/
COPY Grains.Interfaces/Grains.Interfaces.csproj Grains.Interfaces/
COPY Grains/Grains.csproj Grains/
COPY Observability/Observability.csproj Observability/
COPY Silo/Silo.csproj Silo/
COPY WebGateway/WebGateway.csproj WebGateway/
RUN dotnet restore Silo/Silo.csproj \
 && dotnet restore WebGateway/WebGateway.csproj
COPY Configuration/ Configuration/
COPY Grains.Interfaces/ Grains.Interfaces/
COPY Grains/ Grains/
COPY Observability/ Observability/
COPY Silo/ Silo/
COPY WebGateway/ WebGateway/
RUN dotnet publish Silo/Silo.csproj -c Release --no-restore -o /app/silo \
 && dotnet publish WebGateway/WebGateway.csproj -c Release --no-restore -o /app/gateway

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    ASPNETCORE_URLS=http://0.0.0.0:8000 \
    ORLEANS_SILO_PORT=11111 \
    ORLEANS_GATEWAY_PORT=30000
WORKDIR /app
COPY --from=build /app/silo /app/silo
COPY --from=build /app/gateway /app/gateway
COPY --chmod=0755 scripts/docker-entrypoint.sh /usr/local/bin/huu-entrypoint
# The non-root user that the .NET images provide (uid 1654).
USER $APP_UID
# 8000: the gateway's HTTP API; 11111 and 30000: a silo's silo-to-silo and gateway ports.
EXPOSE 8000 11111 30000
ENTRYPOINT ["/usr/local/bin/huu-entrypoint"]
CMD ["gateway"]
