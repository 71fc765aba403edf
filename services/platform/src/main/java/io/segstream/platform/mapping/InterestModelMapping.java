package io.segstream.platform.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.segstream.avro.InterestModel;
import io.segstream.core.interest.FirstInvoice;
import io.segstream.core.interest.SoftmaxRegression;

/**
 * Converts the interest model between the core and its Avro form in the segmentation model, for
 * {@link SegmentModelCodec}.
 */
public final class InterestModelMapping {

    private InterestModelMapping() {
    }

    /**
     * @param model the core model
     * @param customers how many customers it was fitted on
     * @return its Avro form
     */
    public static InterestModel toAvro(io.segstream.core.interest.InterestModel model, int customers) {
        SoftmaxRegression c = model.classifier();
        List<List<Double>> weights = new ArrayList<>();
        for (double[] w : c.weights()) {
            weights.add(doubles(w));
        }
        return InterestModel.newBuilder()
                .setProductCategory(new HashMap<>(model.productCategory()))
                .setProductCategoryNames(model.productCategoryNames())
                .setCountries(model.encoding().countries())
                .setInterestNames(model.interestNames())
                .setCenter(doubles(c.center()))
                .setScale(doubles(c.scale()))
                .setWeights(weights)
                .setCustomers(customers)
                .build();
    }

    /**
     * @param avro the Avro form
     * @return the core model
     * @throws IllegalArgumentException when its parts do not fit together
     */
    public static io.segstream.core.interest.InterestModel toCore(InterestModel avro) {
        Map<String, Integer> categories = new HashMap<>(avro.getProductCategory().size() * 2);
        avro.getProductCategory().forEach((k, v) -> categories.put(k.toString(), v));
        double[][] weights = avro.getWeights().stream().map(InterestModelMapping::array).toArray(double[][]::new);
        List<String> productNames = strings(avro.getProductCategoryNames());
        return new io.segstream.core.interest.InterestModel(categories, productNames,
                new FirstInvoice(productNames.size(), strings(avro.getCountries())), strings(avro.getInterestNames()),
                new SoftmaxRegression(array(avro.getCenter()), array(avro.getScale()), weights));
    }

    private static List<Double> doubles(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(x);
        }
        return out;
    }

    private static double[] array(List<Double> v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    private static List<String> strings(List<? extends CharSequence> v) {
        return v.stream().map(CharSequence::toString).toList();
    }
}
