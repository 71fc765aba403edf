package io.segstream.server.watch;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;

/**
 * Plain JSON of an Avro record for people and scripts: timestamps as ISO-8601 strings, enums as names, decimals as
 * numbers, optional fields as the value or null (not Avro's tagged-union JSON encoding).
 */
public final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    /** The JSON tree of {@code record}. */
    public static ObjectNode of(IndexedRecord record) {
        ObjectNode node = NODES.objectNode();
        for (var field : record.getSchema().getFields()) {
            node.set(field.name(), value(record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode value(Object v) {
        return switch (v) {
            case null -> NODES.nullNode();
            case IndexedRecord r -> of(r);
            case GenericContainer enumOrFixed -> NODES.textNode(enumOrFixed.toString());
            case Enum<?> e -> NODES.textNode(e.name());
            case Instant t -> NODES.textNode(t.toString());
            case BigDecimal d -> NODES.numberNode(d);
            case CharSequence s -> NODES.textNode(s.toString());
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Double d -> NODES.numberNode(d);
            case Float f -> NODES.numberNode(f);
            case Boolean b -> NODES.booleanNode(b);
            case ByteBuffer b -> NODES.textNode(Base64.getEncoder().encodeToString(bytes(b)));
            case Collection<?> list -> {
                ArrayNode array = NODES.arrayNode();
                list.forEach(item -> array.add(value(item)));
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = NODES.objectNode();
                map.forEach((k, item) -> object.set(k.toString(), value(item)));
                yield object;
            }
            default -> NODES.textNode(v.toString());
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
