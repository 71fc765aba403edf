package io.segstream.stream.scoring;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global model store equal to the models topic: raw bytes per model name, validated where they are used,
 * so that restoring the store from the topic (which bypasses this processor) yields the same content.
 */
public final class ModelSource implements Processor<String, byte[], Void, Void> {

    private KeyValueStore<String, byte[]> models;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        models = context.getStateStore(ScoringStores.MODELS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            models.delete(record.key());
        } else {
            models.put(record.key(), record.value());
        }
    }
}
