# syntax=docker/dockerfile:1
#
# Survivor Voice: one static binary on a distroless, non-root base.
#
#   docker build -t survivor-voice .
#   docker run --rm -p 127.0.0.1:8080:8080 -v voice-data:/data survivor-voice
#
# See docs/deploy.md for the PostgreSQL setup (docker-compose.yml).

# The official golang images set GOTOOLCHAIN=local, so this tag must resolve
# to at least the go line in go.mod (1.26.8). Pin a patch release with
# --build-arg GO_VERSION=1.26.8 for reproducible builds.
ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src

# Modules in their own layer: rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download && go mod verify

COPY . .
# Pure-Go SQLite driver, so no cgo. The data directory is created here because
# the final image has no shell; it is copied with the nonroot owner below.
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/voice ./cmd/voice \
    && mkdir -p /out/data

# static: CA certificates and tzdata, no libc, no shell. nonroot: UID/GID 65532.
FROM gcr.io/distroless/static-debian12:nonroot

LABEL org.opencontainers.image.title="Survivor Voice" \
      org.opencontainers.image.source="https://github.com/survivorvoice/voice"

COPY --from=build /out/voice /voice
COPY --from=build --chown=65532:65532 /out/data /data

USER nonroot:nonroot
ENV VOICE_ADDR=0.0.0.0:8080 \
    VOICE_DATA_DIR=/data
EXPOSE 8080

# No curl in distroless: the binary checks itself (GET http://127.0.0.1:8080/healthz).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/voice", "healthcheck"]

ENTRYPOINT ["/voice"]
CMD ["serve"]
