package io.segstream.analysis;

import io.segstream.core.clustering.SegmentNamer;
import java.util.List;

/**
 * One row per customer in original units: the columns that are clustered and, separately, columns that are
 * only profiled (one-hot categories, for example, whose segment means read as shares).
 *
 * @param ids customer ids, one per row
 * @param columns names of the clustered columns
 * @param values clustered values, {@code ids.size()} rows of {@code columns.size()} values
 * @param log1p per clustered column whether the transform takes {@code log1p} before scaling
 * @param rfm where recency, frequency and monetary are among {@code columns}, for segment names
 * @param extraColumns names of the profile-only columns, may be empty
 * @param extraValues profile-only values, {@code ids.size()} rows of {@code extraColumns.size()} values
 */
public record CustomerTable(List<String> ids, List<String> columns, double[][] values, boolean[] log1p,
                            SegmentNamer.Columns rfm, List<String> extraColumns, double[][] extraValues) {

    /** Validates the shape. */
    public CustomerTable {
        ids = List.copyOf(ids);
        columns = List.copyOf(columns);
        extraColumns = List.copyOf(extraColumns);
        if (values.length != ids.size() || extraValues.length != ids.size()) {
            throw new IllegalArgumentException(ids.size() + " ids, " + values.length + " rows, "
                    + extraValues.length + " extra rows");
        }
        if (log1p.length != columns.size()) {
            throw new IllegalArgumentException(log1p.length + " log1p flags for " + columns.size() + " columns");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != columns.size() || extraValues[i].length != extraColumns.size()) {
                throw new IllegalArgumentException("row " + i + " (customer " + ids.get(i) + ") has the wrong width");
            }
        }
    }

    /** Number of customers. */
    public int size() {
        return ids.size();
    }

    /** One clustered column. */
    public double[] column(int j) {
        double[] c = new double[values.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = values[i][j];
        }
        return c;
    }
}
