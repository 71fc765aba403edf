package io.segstream.platform.serde;

/** The bytes are too short for the wire-format header, or their Avro payload does not decode. */
public final class UndecodableRecordException extends AvroSerdeException {

    UndecodableRecordException(String message, Throwable cause) {
        super(SerdeFailure.UNDECODABLE, message, cause);
    }
}
