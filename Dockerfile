# camrelay image: build the shaded jar with Maven (+ npm for the browser decoders), run it on a
# Java 17 JRE as a non-root user. docs/DEPLOY.md explains every choice and how to check the build
# steps without Docker (they are the same Maven commands CI runs).
#
#   docker build -t camrelay .
#   docker run --rm -p 8080:8080 -p 12345:12345 -e CAMRELAY_DEMO=true camrelay

# ---- build stage -------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build

# The pom runs `npm ci` (exec-maven-plugin) to fetch the browser decoders: Node and npm from the
# distribution's own packages (no third-party apt repository; lockfileVersion 3 needs npm >= 7).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/* \
 && node --version && npm --version

WORKDIR /src

# Dependencies first, so a source-only change reuses these layers. go-offline does not see every
# plugin dependency that `package` needs; whatever it misses is fetched by the package step.
COPY pom.xml package.json package-lock.json ./
# javac's Error Prone plugin needs the compiler's packages opened (.mvn/jvm.config)
COPY .mvn ./.mvn
RUN mvn -B -q dependency:go-offline \
 && npm ci --no-audit --no-fund

COPY src ./src
RUN mvn -B -DskipTests package \
 && test -s target/camrelay.jar

# ---- runtime stage -----------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# A fixed, non-root uid/gid (10001), so volume and secret ownership can be set to it (stack.yml).
RUN groupadd --gid 10001 camrelay \
 && useradd --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin camrelay

WORKDIR /app
# owned by root (COPY's default) and only readable for the relay's user: it cannot rewrite its code
COPY --from=build /src/target/camrelay.jar /app/camrelay.jar

# Configuration is by environment (CAMRELAY_<KEY>, see the README's table) or by --key=value
# arguments after the image name. The health check follows CAMRELAY_HTTP_PORT, so move the HTTP
# port with the variable, not with --http.port.
ENV CAMRELAY_HTTP_PORT=8080 \
    CAMRELAY_INGEST_PORT=12345

USER 10001:10001

# 8080: HTTP (dashboard, MJPEG, WebSocket, API, health); 12345: camera ingest (plain TCP)
EXPOSE 8080/tcp 12345/tcp

# No curl in a JRE image: a tiny class in the jar GETs http://127.0.0.1:$CAMRELAY_HTTP_PORT/readyz
# (2 s deadline) and exits 0 on 200, else 1. Its JVM is kept light: C1 only, serial GC, 32 MB heap,
# class-data sharing, no perf-data file: under a second and about 40 MB, inside the container's
# limits. docker inspect --format '{{json .State.Health}}' <container> shows its last lines.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-Xshare:auto", "-XX:-UsePerfData", \
         "-cp", "/app/camrelay.jar", "dev.camrelay.HealthCheck"]

# Docker's default, stated: the JVM runs the relay's shutdown hook on SIGTERM (stop accepting,
# close viewers and cameras, exit within a few seconds).
STOPSIGNAL SIGTERM

# Exec form: the JVM is PID 1 and receives the signals itself. Heap sized from the container's
# memory limit (75 %; the rest, about 110-130 MB measured, is metaspace, code cache, GC structures,
# thread stacks and direct buffers, so give the container 512 MB at the very least; frames being
# sent are held in direct buffers too, at most about as much again as the streams' join caches); an
# OutOfMemoryError ends the process so the orchestrator restarts it instead of leaving it half
# alive; G1 explicitly, because below 2 CPUs / 1792 MB the JVM would otherwise pick the serial
# collector. Extra flags: JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS at run time.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC", \
            "-jar", "/app/camrelay.jar"]
