# Backprop's image: built with the Maven wrapper on a Temurin 25 JDK, run on a Temurin 25 JRE from the
# layered jar (dependencies first, the application last, so a code change rebuilds one small layer).
# `docker compose up` (docker-compose.yml) builds it and runs it on PostgreSQL 16.

# ---- build ------------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build

# The wrapper and the POM alone first: the dependency layer is rebuilt only when they change. The
# wrapper fetches Maven itself (with javac when there is no curl or wget, as in this image); Maven runs
# on this image's JDK 25, which the POM's toolchain selection accepts as it is.
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
RUN chmod +x mvnw && ./mvnw -B -ntp dependency:go-offline

COPY src/ src/
RUN ./mvnw -B -ntp -DskipTests package

# Split the fat jar into its layers (Spring Boot's tools jar mode): extracted/<layer>/ holds lib/*.jar
# (dependencies, snapshot-dependencies) and app.jar (application), whose manifest names lib/ on its
# class path.
RUN mv target/backprop-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --destination extracted

# ---- run --------------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jre

# curl for the HEALTHCHECK only: the Temurin JRE image has neither curl nor wget.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# A fixed non-root user (numeric in USER, so that runAsNonRoot-style checks can verify it).
RUN groupadd --system --gid 10001 backprop \
 && useradd --system --uid 10001 --gid backprop --home-dir /app --no-create-home --shell /usr/sbin/nologin backprop

WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# Without the postgres profile the service keeps an H2 file under ./data: the user must be able to write it.
RUN mkdir /app/data && chown backprop:backprop /app/data

USER 10001:10001
EXPOSE 8080

# Readiness (database and job engine up): 503 while not ready, so curl -f fails. The start period covers
# startup on a small machine (about 30 s on two cores).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/readiness" || exit 1

# The fast matrix kernel needs the incubating Vector API module (the JVM prints "Using incubator modules:
# jdk.incubator.vector"). The heap follows the container's memory limit. More JVM options: JDK_JAVA_OPTIONS;
# Spring arguments (--server.port=…) may follow the image name. java runs as PID 1 and gets SIGTERM
# itself: running jobs are checkpointed and HTTP drains before it exits.
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "app.jar"]
