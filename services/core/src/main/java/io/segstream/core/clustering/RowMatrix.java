package io.segstream.core.clustering;

import java.util.Arrays;

/**
 * An immutable n×d matrix of doubles stored row-major in one primitive array.
 *
 * <p>The clustering kernels read rows straight from the backing array: one contiguous block is
 * what keeps the distance loops cache-friendly and free of per-row object headers, which matters
 * at a million customers.
 */
public final class RowMatrix {
    private final int rows;
    private final int cols;
    private final double[] values;

    private RowMatrix(int rows, int cols, double[] values) {
        this.rows = rows;
        this.cols = cols;
        this.values = values;
    }

    /**
     * Copies a rectangular array of rows.
     *
     * @param data the rows; all of the same non-zero length and finite.
     * @return the matrix.
     * @throws IllegalArgumentException naming the first ragged row or non-finite cell.
     */
    public static RowMatrix of(double[][] data) {
        if (data.length == 0) {
            throw new IllegalArgumentException("Empty data");
        }
        int d = data[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("Row 0 has no columns");
        }
        double[] v = new double[data.length * d];
        for (int i = 0; i < data.length; i++) {
            if (data[i].length != d) {
                throw new IllegalArgumentException(
                        "Row " + i + " has " + data[i].length + " columns, expected " + d);
            }
            System.arraycopy(data[i], 0, v, i * d, d);
        }
        return wrap(data.length, d, v);
    }

    /**
     * Copies a row-major array.
     *
     * @param rows the number of rows.
     * @param cols the number of columns.
     * @param values {@code rows * cols} finite values, row-major.
     * @return the matrix.
     */
    public static RowMatrix of(int rows, int cols, double[] values) {
        if (rows < 1 || cols < 1 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException(
                    "Shape " + rows + "x" + cols + " does not match " + values.length + " values");
        }
        return wrap(rows, cols, values.clone());
    }

    /** Takes ownership of {@code values} without copying: for callers that built it themselves. */
    static RowMatrix wrap(int rows, int cols, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        "Non-finite value " + values[i] + " at row " + i / cols + ", column " + i % cols);
            }
        }
        return new RowMatrix(rows, cols, values);
    }

    /** @return the number of rows. */
    public int rows() {
        return rows;
    }

    /** @return the number of columns. */
    public int cols() {
        return cols;
    }

    /**
     * @param i the row.
     * @param j the column.
     * @return the cell value.
     */
    public double get(int i, int j) {
        return values[i * cols + j];
    }

    /**
     * Copies row {@code i} into {@code out}.
     *
     * @param i the row.
     * @param out a buffer of at least {@link #cols()} values.
     * @return {@code out}.
     */
    public double[] row(int i, double[] out) {
        System.arraycopy(values, i * cols, out, 0, cols);
        return out;
    }

    /**
     * Returns a new matrix with the given rows, in the given order.
     *
     * @param index row indices.
     * @return the sub-matrix.
     */
    public RowMatrix rows(int[] index) {
        double[] v = new double[index.length * cols];
        for (int r = 0; r < index.length; r++) {
            System.arraycopy(values, index[r] * cols, v, r * cols, cols);
        }
        return new RowMatrix(index.length, cols, v);
    }

    /** @return a copy as an array of rows. */
    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(values, i * cols, (i + 1) * cols);
        }
        return out;
    }

    /** The backing array, for kernels in this package only; never modified. */
    double[] values() {
        return values;
    }
}
