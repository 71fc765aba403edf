package io.segstream.platform.registry;

import java.util.Objects;

import org.apache.avro.Schema;

/**
 * One version of a schema under a subject, as the registry stores it.
 *
 * @param subject the subject the version belongs to
 * @param version the version number within the subject, starting at 1
 * @param id the registry-wide schema id written into every record of the Confluent wire format
 * @param schema the parsed Avro schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
