/**
 * Predicted interests of new customers: the prediction made from a customer's first invoice with the interest
 * model of the newest segmentation model, kept in a store of the feature stage until the customer reaches the
 * invoice threshold, so that every features record and the query API carry it meanwhile.
 */
package io.segstream.stream.interest;
