package io.segstream.analysis.interest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.segstream.core.interest.InterestFit;
import io.segstream.core.interest.SoftmaxRegression;
import smile.classification.GradientTreeBoost;
import smile.classification.KNN;
import smile.classification.LogisticRegression;
import smile.classification.OneVersusRest;
import smile.classification.RandomForest;
import smile.classification.SVM;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.vector.ValueVector;
import smile.model.cart.SplitRule;
import smile.math.MathEx;
import smile.math.kernel.GaussianKernel;

/**
 * Evaluates interest prediction on a temporal split: Smile's logistic regression, random forest, gradient boosting,
 * SVM and k-NN, their soft vote (the mean of their class probabilities), segstream's own softmax regression (the
 * classifier the trainer publishes) and the majority class of the training customers, each trained on the
 * training customers and scored on the test customers.
 *
 * @param split the data set
 * @param results one result per classifier, the majority baseline first
 * @param best the name of the most accurate classifier (not the baseline)
 * @param confusion the best classifier's confusion matrix, rows the true category, columns the predicted
 */
public record InterestEvaluation(InterestFit.Split split, List<Result> results, String best, int[][] confusion) {

    /** Trees of the random forest and of gradient boosting. */
    private static final int TREES = 100;

    /** The majority-class baseline's name. */
    public static final String BASELINE = "majority class";
    /** The soft vote's name. */
    public static final String VOTE = "soft vote (LR, RF, GB, SVM, k-NN)";
    /** The published classifier's name. */
    public static final String PUBLISHED = "segstream softmax (published)";

    /**
     * One classifier's scores on the test customers.
     *
     * @param name the classifier
     * @param accuracy share of test customers whose category is predicted right
     * @param macroF1 the mean F1 over the categories that occur in the test truth or predictions
     * @param millis training and prediction time
     * @param predicted the prediction per test customer
     */
    public record Result(String name, double accuracy, double macroF1, long millis, int[] predicted) {
    }

    /**
     * Runs the evaluation.
     *
     * @param split the split; both sides need customers
     * @param lambda the published classifier's L2 penalty
     * @param seed the seed of the tree ensembles
     * @param progress one line per classifier
     * @return the evaluation
     */
    public static InterestEvaluation run(InterestFit.Split split, double lambda, long seed,
            Consumer<String> progress) {
        double[][] x = split.train().x();
        int[] y = split.train().y();
        double[][] tx = split.test().x();
        int[] ty = split.test().y();
        if (x.length == 0 || tx.length == 0) {
            throw new IllegalArgumentException("the temporal split needs training and test customers, got "
                    + x.length + " and " + tx.length);
        }
        int classes = split.categories().k();
        double[][] z = standardise(x, x);
        double[][] tz = standardise(x, tx);
        List<Result> results = new ArrayList<>();
        int[] counts = new int[classes];
        for (int c : y) {
            counts[c]++;
        }
        int majority = 0;
        for (int c = 1; c < classes; c++) {
            if (counts[c] > counts[majority]) {
                majority = c;
            }
        }
        int[] base = new int[tx.length];
        Arrays.fill(base, majority);
        results.add(score(BASELINE, base, ty, classes, 0));
        progress.accept(line(results.getLast()));

        Map<String, double[][]> soft = new LinkedHashMap<>();
        long t = System.nanoTime();
        LogisticRegression lr = LogisticRegression.fit(z, y, new LogisticRegression.Options(1e-3, 1e-5, 500));
        soft.put("logistic regression", posteriors(classes, tz, (row, p) -> lr.predict(row, p)));
        results.add(timed(results, "logistic regression", soft, ty, classes, t, progress));

        DataFrame train = frame(z, y);
        DataFrame test = frame(tz, null);
        Formula formula = Formula.lhs("y");
        t = System.nanoTime();
        // One seed per tree (Smile seeds a tree's generator only for seeds above 1): the trees grow in parallel.
        long[] treeSeeds = new long[TREES];
        Arrays.setAll(treeSeeds, i -> 2 + seed * TREES + i);
        RandomForest rf = RandomForest.fit(formula, train, new RandomForest.Options(TREES, 0, SplitRule.GINI, 20, 0,
                5, 1.0, null, treeSeeds, null));
        soft.put("random forest", posteriors(classes, tz, i -> test.get(i), rf::predict));
        results.add(timed(results, "random forest", soft, ty, classes, t, progress));

        t = System.nanoTime();
        MathEx.setSeed(seed);
        GradientTreeBoost gb = GradientTreeBoost.fit(formula, train, new GradientTreeBoost.Options(TREES));
        soft.put("gradient boosting", posteriors(classes, tz, i -> test.get(i), gb::predict));
        results.add(timed(results, "gradient boosting", soft, ty, classes, t, progress));

        t = System.nanoTime();
        GaussianKernel kernel = new GaussianKernel(Math.sqrt(z[0].length));
        OneVersusRest<double[]> svm = OneVersusRest.fit(z, y,
                (xs, ys) -> SVM.fit(xs, ys, kernel, new SVM.Options(1.0)));
        soft.put("SVM (RBF, one-vs-rest)", posteriors(classes, tz, (row, p) -> svm.predict(row, p)));
        results.add(timed(results, "SVM (RBF, one-vs-rest)", soft, ty, classes, t, progress));

        t = System.nanoTime();
        KNN<double[]> knn = KNN.fit(z, y, 15);
        soft.put("k-NN (k = 15)", posteriors(classes, tz, (row, p) -> knn.predict(row, p)));
        results.add(timed(results, "k-NN (k = 15)", soft, ty, classes, t, progress));

        t = System.nanoTime();
        int[] vote = new int[tx.length];
        for (int i = 0; i < tx.length; i++) {
            double[] mean = new double[classes];
            for (double[][] p : soft.values()) {
                for (int c = 0; c < classes; c++) {
                    mean[c] += p[i][c] / soft.size();
                }
            }
            vote[i] = SoftmaxRegression.argmax(mean);
        }
        results.add(score(VOTE, vote, ty, classes, System.nanoTime() - t + results.stream()
                .filter(r -> soft.containsKey(r.name())).mapToLong(r -> r.millis() * 1_000_000).sum()));
        progress.accept(line(results.getLast()));

        t = System.nanoTime();
        SoftmaxRegression own = SoftmaxRegression.fit(x, y, classes, lambda);
        int[] mine = new int[tx.length];
        for (int i = 0; i < tx.length; i++) {
            mine[i] = own.predict(tx[i]);
        }
        results.add(score(PUBLISHED, mine, ty, classes, System.nanoTime() - t));
        progress.accept(line(results.getLast()));

        Result best = results.stream().filter(r -> !r.name().equals(BASELINE))
                .max((a, b) -> Double.compare(a.accuracy(), b.accuracy())).orElseThrow();
        int[][] confusion = new int[classes][classes];
        for (int i = 0; i < ty.length; i++) {
            confusion[ty[i]][best.predicted()[i]]++;
        }
        return new InterestEvaluation(split, results, best.name(), confusion);
    }

    /**
     * @param name a classifier's name
     * @return its result
     */
    public Result result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private interface Soft {
        int predict(double[] row, double[] posteriori);
    }

    private interface SoftTuple {
        int predict(Tuple row, double[] posteriori);
    }

    private static double[][] posteriors(int classes, double[][] rows, Soft model) {
        double[][] p = new double[rows.length][classes];
        for (int i = 0; i < rows.length; i++) {
            model.predict(rows[i], p[i]);
        }
        return p;
    }

    private static double[][] posteriors(int classes, double[][] rows, java.util.function.IntFunction<Tuple> row,
            SoftTuple model) {
        double[][] p = new double[rows.length][classes];
        for (int i = 0; i < rows.length; i++) {
            model.predict(row.apply(i), p[i]);
        }
        return p;
    }

    private static Result timed(List<Result> results, String name, Map<String, double[][]> soft, int[] truth,
            int classes, long start, Consumer<String> progress) {
        double[][] p = soft.get(name);
        int[] predicted = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            predicted[i] = SoftmaxRegression.argmax(p[i]);
        }
        Result r = score(name, predicted, truth, classes, System.nanoTime() - start);
        progress.accept(line(r));
        return r;
    }

    private static String line(Result r) {
        return String.format(java.util.Locale.ROOT, "interest: %-34s accuracy %.3f, macro F1 %.3f (%,d ms)",
                r.name(), r.accuracy(), r.macroF1(), r.millis());
    }

    static Result score(String name, int[] predicted, int[] truth, int classes, long nanos) {
        int right = 0;
        int[] tp = new int[classes];
        int[] fp = new int[classes];
        int[] fn = new int[classes];
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                right++;
                tp[truth[i]]++;
            } else {
                fp[predicted[i]]++;
                fn[truth[i]]++;
            }
        }
        double f1 = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (tp[c] + fp[c] + fn[c] > 0) {
                present++;
                f1 += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
            }
        }
        return new Result(name, (double) right / truth.length, present == 0 ? 0 : f1 / present, nanos / 1_000_000,
                predicted);
    }

    private static double[][] standardise(double[][] fit, double[][] rows) {
        int d = fit[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] r : fit) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / fit.length;
            }
        }
        for (double[] r : fit) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / fit.length;
            }
        }
        double[][] out = new double[rows.length][d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = sd[j] > 1e-24 ? (rows[i][j] - mean[j]) / Math.sqrt(sd[j]) : 0;
            }
        }
        return out;
    }

    private static DataFrame frame(double[][] z, int[] y) {
        String[] names = new String[z[0].length];
        Arrays.setAll(names, j -> "x" + j);
        DataFrame df = DataFrame.of(z, names);
        return y == null ? df : df.add(ValueVector.of("y", y));
    }

}
