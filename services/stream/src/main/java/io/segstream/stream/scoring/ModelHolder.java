package io.segstream.stream.scoring;


import io.segstream.avro.SegmentModel;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a scoring task uses: the newest valid version of one model name in the global models store. A model that
 * does not decode, fails validation, is not newer, or changes the feature list is refused (counted and logged) and
 * the current one stays. A model that cannot be decoded only because the schema registry is down is not refused: the
 * deserializer waits for the registry, and past its patience the task stops (a {@link RegistryOutageException}) and
 * reads the model again when it resumes. One per task; not thread-safe.
 */
final class ModelHolder {

    private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);

    private final ModelReader reader;
    private final ScoringReadModel counters;
    private ScoringModel current;
    private ScoringModel previous;

    /**
     * @param modelName    key of the model on the models topic
     * @param modelsTopic  the models topic (the deserializer's subject)
     * @param deserializer decoder of model records
     * @param counters     where refusals and the model in use are reported
     */
    ModelHolder(String modelName, String modelsTopic, Deserializer<SegmentModel> deserializer,
                ScoringReadModel counters) {
        this.reader = new ModelReader(modelName, modelsTopic, deserializer);
        this.counters = counters;
    }

    /** The model in use, null before the first valid one. */
    ScoringModel current() {
        return current;
    }

    /** The model the current one replaced in this task, null when none; change explanations compare the two. */
    ScoringModel previous() {
        return previous;
    }

    /** Forgets the model, e.g. when the task is initialised again. */
    void reset() {
        reader.reset();
        current = null;
        previous = null;
    }

    /**
     * Looks at the store's latest bytes for the model name.
     *
     * @return the new model when a newer valid one replaced the current (or arrived first), else null
     */
    ScoringModel refresh(KeyValueStore<String, byte[]> models) {
        SegmentModel decoded = reader.changed(models, "for scoring", e -> {
            counters.rejectedModel();
            LOG.warn("Undecodable model on {}, keeping the current one: {}", reader.modelsTopic(), e.toString());
        });
        if (decoded == null) {
            return null;
        }
        try {
            ScoringModel candidate = ScoringModel.from(decoded);
            if (current != null && candidate.version() <= current.version()) {
                return null;
            }
            if (current != null && !candidate.featureNames().equals(current.featureNames())) {
                throw new ModelRejectedException("model v" + candidate.version() + " features "
                        + candidate.featureNames() + " differ from the current " + current.featureNames());
            }
            previous = current;
            current = candidate;
            counters.modelInUse(candidate);
            LOG.info("Scoring with model {} v{} ({} segments)", candidate.name(), candidate.version(),
                    candidate.segmentIds().length);
            return candidate;
        } catch (ModelRejectedException | RuntimeException e) {
            counters.rejectedModel();
            LOG.warn("Rejected model, keeping {}: {}", current == null ? "none" : "v" + current.version(),
                    e.getMessage());
        }
        return null;
    }
}
