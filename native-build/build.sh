#!/usr/bin/env bash
# Builds the native executable service/target/service-<version>-runner with whichever toolchain
# this machine has: a local Mandrel/GraalVM for JDK 25 first (no container needed), else the
# Mandrel builder image in Docker or Podman. Fails with exit code 2 when there is neither.
#
#   native-build/build.sh                    # tests run, as in CI
#   native-build/build.sh -DskipTests        # any further arguments go to Maven
#   FLORA_NATIVE_BUILD=container native-build/build.sh   # force one way: local | container
#
# The builder image is UBI 9 and so is the runtime image of native-build/Dockerfile: an
# executable linked in one must run on a glibc at least as new, so the two must not be mixed.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILDER_IMAGE="${FLORA_BUILDER_IMAGE:-quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25}"
MODE="${FLORA_NATIVE_BUILD:-auto}"

fail() {
    echo "native-build/build.sh: $*" >&2
    exit 2
}

# Quarkus looks for native-image in GRAALVM_HOME, then JAVA_HOME, then PATH: so do we.
local_native_image() {
    local candidate
    for candidate in "${GRAALVM_HOME:+$GRAALVM_HOME/bin/native-image}" \
                     "${JAVA_HOME:+$JAVA_HOME/bin/native-image}" \
                     "$(command -v native-image 2>/dev/null || true)"; do
        if [[ -n "$candidate" && -x "$candidate" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# A container runtime counts only if its daemon/service answers, not merely if the CLI exists.
container_runtime() {
    local runtime
    for runtime in docker podman; do
        if command -v "$runtime" >/dev/null 2>&1 && "$runtime" info >/dev/null 2>&1; then
            echo "$runtime"
            return 0
        fi
    done
    return 1
}

build_local() {
    local native_image="$1"
    shift
    echo "== native build with the local toolchain: $native_image"
    "$native_image" --version
    # The sources target GraalVM for JDK 25 (service/target/native-sources/graalvm.version);
    # Quarkus itself rejects a native-image that is too old, with its own message.
    ./mvnw -B package -Dnative -pl service -am "$@"
}

build_container() {
    local runtime="$1"
    shift
    echo "== native build in $BUILDER_IMAGE with $runtime"
    ./mvnw -B package -Dnative -pl service -am \
        -Dquarkus.native.container-build=true \
        -Dquarkus.native.container-runtime="$runtime" \
        -Dquarkus.native.builder-image="$BUILDER_IMAGE" "$@"
}

case "$MODE" in
    local)
        native_image="$(local_native_image)" \
            || fail "FLORA_NATIVE_BUILD=local, but no native-image in GRAALVM_HOME, JAVA_HOME or PATH"
        build_local "$native_image" "$@"
        ;;
    container)
        runtime="$(container_runtime)" \
            || fail "FLORA_NATIVE_BUILD=container, but neither 'docker info' nor 'podman info' succeeds"
        build_container "$runtime" "$@"
        ;;
    auto)
        if native_image="$(local_native_image)"; then
            build_local "$native_image" "$@"
        elif runtime="$(container_runtime)"; then
            build_container "$runtime" "$@"
        else
            fail "no native toolchain here. Either install Mandrel or GraalVM for JDK 25 and set
  GRAALVM_HOME (or put native-image on PATH), or make 'docker info' or 'podman info' work so that
  the build can run in $BUILDER_IMAGE.
  Without either, only the native sources can be generated (what CI checks):
  ./mvnw -B package -Dnative -Dquarkus.native.sources-only=true -pl service -am"
        fi
        ;;
    *)
        fail "FLORA_NATIVE_BUILD is '$MODE', want local, container or unset"
        ;;
esac

runner=(service/target/*-runner)
[[ -x "${runner[0]}" ]] || fail "the build ended but no service/target/*-runner exists"
echo "== native executable: ${runner[0]}"
