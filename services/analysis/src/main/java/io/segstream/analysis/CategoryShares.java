package io.segstream.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.segstream.core.interest.CustomerCategories;
import io.segstream.core.interest.InterestFit;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.products.ProductCategories;

/**
 * Each customer's share of spend per product category as extra segmentation columns: the product categories are
 * fitted on the whole file by the same core call, in the same canonical invoice order, as the trainer's, and a
 * customer's shares are those of their sales ({@link CustomerCategories#profile}), 0 for a customer without any.
 */
public final class CategoryShares {

    private CategoryShares() {
    }

    /**
     * The table with one clustered column per product category appended ("share: NAME", no log1p).
     *
     * @param table the RFM table
     * @param sales the file's sales with a customer
     * @return the wider table, or {@code table} when there are too few products to categorise
     * @throws IllegalArgumentException when there are too few products for the categories
     */
    public static CustomerTable append(CustomerTable table, List<Invoice> sales) {
        List<Invoice> sorted = InterestFit.sales(sales);
        ProductCategories categories = InterestFit.productCategories(sorted, Long.MAX_VALUE,
                ProductCategories.Options.defaults());
        Map<String, List<Invoice>> byCustomer = InterestFit.byCustomer(sorted);
        int k = categories.k();
        List<String> columns = new ArrayList<>(table.columns());
        categories.names().forEach(n -> columns.add("share: " + n));
        boolean[] log1p = Arrays.copyOf(table.log1p(), columns.size());
        double[][] values = new double[table.size()][];
        for (int i = 0; i < values.length; i++) {
            double[] row = Arrays.copyOf(table.values()[i], columns.size());
            double[] profile = CustomerCategories.profile(byCustomer.getOrDefault(table.ids().get(i), List.of()), k,
                    categories::category);
            if (profile != null) {
                System.arraycopy(profile, 0, row, table.columns().size(), k);
            }
            values[i] = row;
        }
        return new CustomerTable(table.ids(), columns, values, log1p, table.rfm(), table.extraColumns(),
                table.extraValues());
    }
}
