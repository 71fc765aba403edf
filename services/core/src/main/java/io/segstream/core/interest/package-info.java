/**
 * Customer interests: customers described by the share of their spend in each product category and their basket
 * size, clustered into interest categories, and a classifier that predicts a new customer's interest category from
 * the first invoice alone. The batch analysis evaluates it on a temporal split; the trainer fits it on the whole
 * history and publishes it with the segmentation model; the stream applies it to new customers.
 */
package io.segstream.core.interest;
