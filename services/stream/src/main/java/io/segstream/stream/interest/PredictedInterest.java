package io.segstream.stream.interest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A new customer's interest category as predicted from their first invoice.
 *
 * @param modelVersion the segmentation model whose interest model predicted it
 * @param category the interest category
 * @param name its name in that model
 * @param probability the classifier's probability of it
 */
public record PredictedInterest(long modelVersion, int category, String name, double probability) {

    /** @return the store encoding: version, category, probability, then the name's UTF-8 bytes */
    public byte[] encode() {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 4 + 8 + utf8.length).putLong(modelVersion).putInt(category)
                .putDouble(probability).put(utf8).array();
    }

    /**
     * @param bytes an {@link #encode()}d prediction
     * @return the prediction, null for null
     * @throws IllegalStateException when the bytes are too short to be one
     */
    public static PredictedInterest decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < 20) {
            throw new IllegalStateException("Corrupt predicted interest: " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long version = b.getLong();
        int category = b.getInt();
        double probability = b.getDouble();
        return new PredictedInterest(version, category, new String(bytes, 20, bytes.length - 20,
                StandardCharsets.UTF_8), probability);
    }
}
