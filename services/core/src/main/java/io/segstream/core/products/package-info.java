/**
 * Product categories from descriptions: Lucene's English analysis turns each description into stemmed keywords,
 * frequent keywords and price ranges describe a product, and k-means groups the products, with the number of
 * categories chosen by silhouette. Shared by the batch analysis and the trainer, so both categorise alike.
 */
package io.segstream.core.products;
