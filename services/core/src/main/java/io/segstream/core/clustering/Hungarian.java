package io.segstream.core.clustering;

import java.util.Arrays;

/**
 * Minimum-cost assignment on a rectangular cost matrix (Hungarian algorithm with potentials,
 * O(r²c)). Smile 6.3.0 has no assignment solver, hence this one.
 */
public final class Hungarian {
    private Hungarian() {
    }

    /**
     * Solves the assignment.
     *
     * @param cost an r×c matrix of finite costs.
     * @return for each row, its column, or -1 when there are more rows than columns and the row
     *         is left unassigned; every column is used at most once and the total cost is minimal.
     */
    public static int[] solve(double[][] cost) {
        int r = cost.length;
        if (r == 0) {
            return new int[0];
        }
        int c = cost[0].length;
        for (int i = 0; i < r; i++) {
            if (cost[i].length != c) {
                throw new IllegalArgumentException("Row " + i + " has " + cost[i].length + " columns, expected " + c);
            }
            for (int j = 0; j < c; j++) {
                if (!Double.isFinite(cost[i][j])) {
                    throw new IllegalArgumentException("Non-finite cost " + cost[i][j] + " at row " + i + ", column " + j);
                }
            }
        }
        if (r <= c) {
            return solveWide(cost, r, c);
        }
        double[][] t = new double[c][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j][i] = cost[i][j];
            }
        }
        int[] colOfRow = solveWide(t, c, r);
        int[] out = new int[r];
        Arrays.fill(out, -1);
        for (int j = 0; j < c; j++) {
            out[colOfRow[j]] = j;
        }
        return out;
    }

    /** The classic shortest-augmenting-path formulation; needs rows ≤ columns. 1-based inside. */
    private static int[] solveWide(double[][] a, int n, int m) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] out = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                out[p[j] - 1] = j - 1;
            }
        }
        return out;
    }
}
