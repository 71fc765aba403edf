package io.segstream.platform.registry;

/** Schema compatibility levels of the Confluent-compatible registry API, spelled as the API spells them. */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE
}
