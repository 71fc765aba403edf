package io.segstream.core.interest;

import java.util.List;
import java.util.Map;

import io.segstream.core.invoice.Invoice;

/**
 * What the stream needs to predict a new customer's interest category from their first invoice: the product
 * category of every known product, the input encoding, the interest categories' names and the classifier.
 *
 * @param productCategory the product category per stock code
 * @param productCategoryNames the product categories' names
 * @param encoding the classifier's input encoding
 * @param interestNames the interest (customer) categories' names, in class order
 * @param classifier the classifier
 */
public record InterestModel(Map<String, Integer> productCategory, List<String> productCategoryNames,
                            FirstInvoice encoding, List<String> interestNames, SoftmaxRegression classifier) {

    /** Validates that the parts fit together, and copies. */
    public InterestModel {
        productCategory = Map.copyOf(productCategory);
        productCategoryNames = List.copyOf(productCategoryNames);
        interestNames = List.copyOf(interestNames);
        if (encoding.categories() != productCategoryNames.size() || classifier.inputs() != encoding.width()
                || classifier.classes() != interestNames.size()) {
            throw new IllegalArgumentException("interest model parts do not fit: " + productCategoryNames.size()
                    + " product categories, encoding for " + encoding.categories() + ", classifier "
                    + classifier.inputs() + " inputs for " + encoding.width() + ", " + classifier.classes()
                    + " classes for " + interestNames.size() + " names");
        }
    }

    /**
     * A predicted interest.
     *
     * @param category the interest category
     * @param name its name
     * @param probability the classifier's probability of it
     */
    public record Prediction(int category, String name, double probability) {
    }

    /**
     * Predicts the interest category of a customer from their first invoice.
     *
     * @param firstInvoice the invoice; it should {@link FirstInvoice#counts count}
     * @return the prediction
     */
    public Prediction predict(Invoice firstInvoice) {
        double[] x = encoding.encode(firstInvoice, this::categoryOf);
        double[] p = classifier.probabilities(x, new double[classifier.classes()]);
        int best = SoftmaxRegression.argmax(p);
        return new Prediction(best, interestNames.get(best), p[best]);
    }

    /**
     * The product category of a stock code.
     *
     * @param stockCode the code
     * @return its category, -1 when unknown
     */
    public int categoryOf(String stockCode) {
        Integer c = productCategory.get(stockCode);
        return c == null ? -1 : c;
    }
}
