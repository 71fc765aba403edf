/**
 * Clustering math shared by the trainer and the batch analysis, free of Kafka and Avro:
 * {@link io.segstream.core.clustering.FeatureTransform} (log1p + scaling),
 * {@link io.segstream.core.clustering.KMeans} (Hamerly-accelerated, seeded, parallel restarts),
 * {@link io.segstream.core.clustering.ClusterMetrics} (sklearn's silhouette, Calinski-Harabasz,
 * Davies-Bouldin), {@link io.segstream.core.clustering.KSelection} (k sweep),
 * {@link io.segstream.core.clustering.LabelAlignment} (stable segment ids across refits) and
 * {@link io.segstream.core.clustering.SegmentNamer} (RFM names). Tests compare against
 * scikit-learn fixtures in {@code sklearn/} resources of the test-fixtures module.
 */
package io.segstream.core.clustering;
