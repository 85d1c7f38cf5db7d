# syntax=docker/dockerfile:1
# The astro-preflight container image: the binary alone on a minimal base (glibc, CA
# certificates for --online), as a non-root user.
#
#   docker build -t astro-preflight .
#   docker run --rm -v "$PWD:/src" astro-preflight check /src
#   docker run --rm -v "$PWD:/src" astro-preflight check --format gitlab manifests/  # paths relative to /src
#
# The first stage builds with the `dist` profile (LTO), as the released binaries are.

ARG RUST_VERSION=1.94

FROM rust:${RUST_VERSION}-slim-bookworm AS build
WORKDIR /build
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/build/target \
    cargo build --locked --profile dist --bin astro-preflight \
    && cp target/dist/astro-preflight /usr/local/bin/astro-preflight \
    && /usr/local/bin/astro-preflight --version

# Debian 12's glibc and libgcc, CA certificates, a `nonroot` user (65532), no shell.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /usr/local/bin/astro-preflight /usr/local/bin/astro-preflight
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/astro-preflight"]
CMD ["check", "."]
