package dev.camrelay.web;

import java.util.function.BooleanSupplier;

/**
 * What the health endpoints ask: {@code alive} is the ingest thread running its loop, {@code ready}
 * is both listeners accepting connections.
 */
public record Health(BooleanSupplier alive, BooleanSupplier ready) {}
