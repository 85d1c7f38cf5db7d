# syntax=docker/dockerfile:1
# The astro-preflight container image: the binary alone on a minimal base (glibc, CA
# certificates for --online), as a non-root user.
#
#   docker build -t astro-preflight .
#   docker run --rm -v "$PWD:/src" astro-preflight check /src
#   docker run --rm -v "$PWD:/src" astro-preflight check --format gitlab manifests/  # paths relative to /src
#
# The first stage builds with the `dist` profile (LTO), as the released binaries are, with the
# toolchain of rust-toolchain.toml. Both base images are pinned by digest (the multi-platform
# index), so a rebuild uses the bytes that were reviewed; the tag beside each digest says what
# it is. To update one: `docker buildx imagetools inspect IMAGE:TAG` gives the index digest.

FROM rust:1.95.0-slim-bookworm@sha256:b8ecdb97c5b9c1ae058249f72710dbe33d4da19f7b8d911bd3c72e5f048af251 AS build
WORKDIR /build
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/build/target \
    cargo build --locked --profile dist --bin astro-preflight \
    && cp target/dist/astro-preflight /usr/local/bin/astro-preflight \
    && /usr/local/bin/astro-preflight --version

# Debian 12's glibc and libgcc, CA certificates, a `nonroot` user (65532), no shell.
FROM gcr.io/distroless/cc-debian12:nonroot@sha256:9dac0a79194e45a7da0158a9c6da57b217585af0786db3845d1f0ec1a0dd182f
COPY --from=build /usr/local/bin/astro-preflight /usr/local/bin/astro-preflight
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/astro-preflight"]
CMD ["check", "."]
