package io.segstream.platform.serde;

/**
 * Why a record could not be serialized or deserialized; {@link #name()} is the reason code a dead-letter record
 * carries.
 */
public enum SerdeFailure {
    /** The first byte is not the Confluent magic byte 0: not written by a registry-aware serializer. */
    UNKNOWN_MAGIC_BYTE,
    /** The record names a schema id the registry does not know, e.g. written against another registry. */
    UNKNOWN_SCHEMA_ID,
    /** Too short for the header, or the Avro payload does not decode with its writer schema. */
    UNDECODABLE,
    /** The registry could not be asked; the same record may well succeed later. */
    REGISTRY_UNAVAILABLE,
    /** The registry refused the schema: incompatible, not registered (without auto-register) or invalid. */
    SCHEMA_REJECTED
}
