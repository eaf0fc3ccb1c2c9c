# Multi-stage build: compile with the Rust toolchain, run on a slim Debian as a non-root user.
# SQLite and libpq are bundled into the binary, so the runtime image needs no database libraries;
# OpenSSL (libssl3) is linked for passkeys (webauthn-rs).
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY migrations ./migrations
COPY curriculum ./curriculum
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin eportfolio \
 && mkdir -p /data && chown eportfolio /data
COPY --from=build /src/target/release/eportfolio /usr/local/bin/eportfolio
COPY --from=build /src/curriculum /usr/share/eportfolio/curriculum
USER eportfolio
VOLUME ["/data"]
ENV EPORTFOLIO_BIND=0.0.0.0:8080 \
    EPORTFOLIO_DATA_DIR=/data \
    EPORTFOLIO_CURRICULUM=/usr/share/eportfolio/curriculum
EXPOSE 8080
HEALTHCHECK CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["eportfolio"]
CMD ["serve"]
