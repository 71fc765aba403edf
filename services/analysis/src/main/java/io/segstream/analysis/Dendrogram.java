package io.segstream.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import smile.clustering.HierarchicalClustering;
import smile.clustering.linkage.WardLinkage;

/**
 * The drawing of a Ward merge tree: one U-shaped link per merge, leaves at x = 0..n-1 in tree order. Meant for a
 * sample of a few hundred rows; beyond that the leaves are unreadable anyway.
 *
 * @param links one link per merge, in merge order
 * @param leaves number of leaves
 */
public record Dendrogram(List<Link> links, int leaves) {

    /**
     * One merge drawn as a U: up from the left child at {@code leftHeight}, across at {@code height}, down to
     * the right child at {@code rightHeight}.
     */
    public record Link(double leftX, double leftHeight, double rightX, double rightHeight, double height) {
    }

    /** Copies the links. */
    public Dendrogram {
        links = List.copyOf(links);
    }

    /** Ward clustering of the rows and its drawing. Heights are Smile's merge heights. */
    public static Dendrogram ward(double[][] x) {
        HierarchicalClustering hc = HierarchicalClustering.fit(WardLinkage.of(x));
        return of(hc.tree(), hc.height(), x.length);
    }

    /**
     * Lays out a merge tree in Smile's convention: merge {@code i} joins {@code tree[i][0]} and
     * {@code tree[i][1]}, where ids below {@code n} are leaves and id {@code n + j} is merge {@code j}.
     */
    static Dendrogram of(int[][] tree, double[] height, int n) {
        double[] x = new double[n + tree.length];
        double[] y = new double[n + tree.length];
        int[] next = {0};
        // The last merge is the root of the complete tree.
        place(n + tree.length - 1, tree, n, x, y, height, next);
        List<Link> links = new ArrayList<>(tree.length);
        for (int i = 0; i < tree.length; i++) {
            int a = tree[i][0];
            int b = tree[i][1];
            links.add(new Link(x[a], y[a], x[b], y[b], height[i]));
        }
        return new Dendrogram(links, n);
    }

    /** Post-order placement without recursion: leaves get consecutive x, a merge the middle of its children. */
    private static void place(int root, int[][] tree, int n, double[] x, double[] y, double[] height, int[] next) {
        if (root < n) {
            x[root] = next[0]++;
            return;
        }
        ArrayDeque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {root, 0});
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            int node = top[0];
            if (node < n) {
                x[node] = next[0]++;
                y[node] = 0;
                stack.pop();
            } else if (top[1] < 2) {
                stack.push(new int[] {tree[node - n][top[1]++], 0});
            } else {
                int a = tree[node - n][0];
                int b = tree[node - n][1];
                x[node] = (x[a] + x[b]) / 2;
                y[node] = height[node - n];
                stack.pop();
            }
        }
    }
}
