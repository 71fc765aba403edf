package io.segstream.platform.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerIsMagicByteThenBigEndianId() {
        assertArrayEquals(new byte[] {0x00, 0x01, 0x02, 0x03, 0x04}, WireFormat.header(0x01020304));
    }

    @Test
    void headerOfLargestIdUsesAllFourBytes() {
        assertArrayEquals(new byte[] {0x00, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                WireFormat.header(Integer.MAX_VALUE));
    }

    @Test
    void givenFramedPayload_whenParsed_thenIdAndPayloadOffsetPointAtTheAvroBytes() {
        byte[] payload = {0x0a, 0x48, 0x65};
        byte[] framed = new byte[WireFormat.HEADER_SIZE + payload.length];
        System.arraycopy(WireFormat.header(0x01020304), 0, framed, 0, WireFormat.HEADER_SIZE);
        System.arraycopy(payload, 0, framed, WireFormat.HEADER_SIZE, payload.length);

        WireFormat.Header header = WireFormat.parseHeader(framed);

        assertEquals(0x01020304, header.schemaId());
        assertEquals(5, header.payloadOffset());
        assertArrayEquals(payload, Arrays.copyOfRange(framed, header.payloadOffset(), framed.length));
    }

    @Test
    void headerAloneParsesWithEmptyPayload() {
        WireFormat.Header header = WireFormat.parseHeader(WireFormat.header(42));

        assertEquals(new WireFormat.Header(42, 5), header);
    }

    @Test
    void givenWrongMagicByte_thenUnknownMagicByteException() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        UnknownMagicByteException e = assertThrows(UnknownMagicByteException.class, () -> WireFormat.parseHeader(json));

        assertEquals('{', e.magicByte());
        assertEquals(SerdeFailure.UNKNOWN_MAGIC_BYTE, e.reason());
        assertEquals("Unknown magic byte 0x7b, expected 0x00", e.getMessage());
    }

    @Test
    void givenFewerBytesThanTheHeader_thenUndecodableRecordException() {
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> WireFormat.parseHeader(new byte[] {0x00, 0x00, 0x01}));

        assertEquals(SerdeFailure.UNDECODABLE, e.reason());
        assertEquals("Record of 3 bytes is shorter than the 5-byte wire-format header", e.getMessage());
    }

    @Test
    void emptyInputIsUndecodable() {
        assertThrows(UndecodableRecordException.class, () -> WireFormat.parseHeader(new byte[0]));
    }
}
