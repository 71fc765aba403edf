package io.segstream.analysis;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.segstream.core.clustering.SegmentNamer;
import io.segstream.ingest.BadRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A customer-attribute table in the layout of the Customer Personality Analysis data ({@code marketing_campaign.csv},
 * tab-separated) turned into a table to cluster.
 *
 * <p>Derived columns: age = {@value #REFERENCE_YEAR} − Year_Birth ({@value #REFERENCE_YEAR} is the year of the
 * latest enrolment in the data, so ages are as of the end of the data); tenure = days from Dt_Customer
 * (DD-MM-YYYY) to the latest Dt_Customer in the file; total spent = sum of the six Mnt* columns; purchases = web +
 * catalogue + store purchases; children = Kidhome + Teenhome; family size = children + 1, + 1 more when married or
 * together. Education is ordinal (Basic 0, 2n Cycle 1, Graduation 2, Master 3, PhD 4); marital status is one-hot
 * after mapping Alone, Absurd and YOLO to Single. A missing Income is imputed with the median of the present
 * incomes (taken before outliers are removed); then rows with age > {@value #MAX_AGE} or income >
 * {@value #MAX_INCOME} are removed.
 *
 * @param rows data rows read
 * @param badRows rows that could not be parsed, never clustered
 * @param imputedIncome rows whose missing income was imputed
 * @param incomeMedian the imputed value
 * @param maritalMapped rows whose marital status was mapped to Single
 * @param removedAge rows removed for age > {@value #MAX_AGE}
 * @param removedIncome rows removed for income > {@value #MAX_INCOME} (and age within bounds)
 * @param steps the preparation rules with their counts
 * @param table the customers to cluster
 * @param latestEnrolment the latest Dt_Customer, the tenure reference
 */
public record AttributePreparation(long rows, List<BadRow> badRows, int imputedIncome, double incomeMedian,
                                   int maritalMapped, int removedAge, int removedIncome, List<CleaningStep> steps,
                                   CustomerTable table, LocalDate latestEnrolment) {

    /** Year the ages are computed for. */
    public static final int REFERENCE_YEAR = 2014;
    /** Largest plausible age. */
    public static final int MAX_AGE = 100;
    /** Largest plausible yearly income. */
    public static final double MAX_INCOME = 600_000;

    /** Columns the layout needs. */
    public static final List<String> REQUIRED = List.of("ID", "Year_Birth", "Education", "Marital_Status", "Income",
            "Kidhome", "Teenhome", "Dt_Customer", "Recency", "MntWines", "MntFruits", "MntMeatProducts",
            "MntFishProducts", "MntSweetProducts", "MntGoldProds", "NumDealsPurchases", "NumWebPurchases",
            "NumCatalogPurchases", "NumStorePurchases", "NumWebVisitsMonth");

    /** Clustered columns; recency, purchases and total spent name the segments. */
    public static final List<String> COLUMNS = List.of("recency", "purchases", "total_spent", "income", "age",
            "tenure_days", "children", "family_size", "education", "web_visits_month", "deals");

    private static final boolean[] LOG1P = {false, true, true, true, false, false, false, false, false, false, true};

    /** Marital status after mapping, one-hot in this order (profile-only columns). */
    public static final List<String> MARITAL = List.of("Married", "Together", "Single", "Divorced", "Widow");

    private static final List<String> EDUCATION = List.of("Basic", "2n Cycle", "Graduation", "Master", "PhD");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy", Locale.ROOT);

    /** Raw parsed row before imputation and outlier rules. */
    private record Parsed(String id, int yearBirth, int education, String marital, boolean mapped, double income,
                          int kids, int teens, LocalDate enrolled, double[] numbers) {
    }

    /** Whether a header line (tab-separated) is of this layout. */
    public static boolean matches(String headerLine) {
        List<String> header = Arrays.stream(headerLine.split("\t", -1)).map(String::strip).toList();
        return header.containsAll(List.of("ID", "Year_Birth", "Dt_Customer"));
    }

    /**
     * Reads and prepares the file.
     *
     * @throws InputFileException for a missing or empty file, a missing column, or no usable row
     */
    public static AttributePreparation of(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputFileException(file, 0, "no such file");
        }
        List<Parsed> parsed = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        long rows = 0;
        try (CsvReader<CsvRecord> csv = CsvReader.builder().fieldSeparator('\t').allowMissingFields(true)
                .allowExtraFields(true).detectBomHeader(true).ofCsvRecord(file, StandardCharsets.UTF_8)) {
            Iterator<CsvRecord> it = csv.iterator();
            if (!it.hasNext()) {
                throw new InputFileException(file, 1, "empty file, expected a tab-separated header with "
                        + REQUIRED);
            }
            List<String> header = it.next().getFields().stream().map(String::strip).toList();
            List<String> missing = REQUIRED.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new InputFileException(file, 1, "header lacks column(s) " + missing + "; found " + header);
            }
            int[] idx = REQUIRED.stream().mapToInt(header::indexOf).toArray();
            while (it.hasNext()) {
                CsvRecord r = it.next();
                rows++;
                try {
                    if (r.getFieldCount() != header.size()) {
                        throw new IllegalArgumentException("expected " + header.size() + " columns, found "
                                + r.getFieldCount());
                    }
                    parsed.add(parse(r, idx));
                } catch (RuntimeException e) {
                    bad.add(new BadRow(r.getStartingLineNumber(), e.getMessage(), String.join("\t", r.getFields())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        if (parsed.isEmpty()) {
            throw new InputFileException(file, bad.isEmpty() ? 2 : bad.getFirst().lineNumber(), bad.isEmpty()
                    ? "no data rows" : "no usable row; first problem: " + bad.getFirst().reason());
        }
        return prepare(parsed, rows, bad);
    }

    private static Parsed parse(CsvRecord r, int[] idx) {
        String[] f = new String[idx.length];
        for (int i = 0; i < idx.length; i++) {
            f[i] = r.getField(idx[i]).strip();
        }
        int education = EDUCATION.indexOf(f[2]);
        if (education < 0) {
            throw new IllegalArgumentException("unknown Education '" + f[2] + "', known " + EDUCATION);
        }
        String marital = f[3];
        boolean mapped = List.of("Alone", "Absurd", "YOLO").contains(marital);
        marital = mapped ? "Single" : marital;
        if (!MARITAL.contains(marital)) {
            throw new IllegalArgumentException("unknown Marital_Status '" + f[3] + "'");
        }
        double income = f[4].isEmpty() ? Double.NaN : number(f[4], "Income");
        LocalDate enrolled;
        try {
            enrolled = LocalDate.parse(f[7], DATE);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unparsable Dt_Customer '" + f[7] + "', expected DD-MM-YYYY");
        }
        double[] numbers = new double[idx.length];
        for (int i = 8; i < idx.length; i++) {
            numbers[i] = number(f[i], REQUIRED.get(i));
        }
        return new Parsed(f[0], (int) number(f[1], "Year_Birth"), education, marital, mapped, income,
                (int) number(f[5], "Kidhome"), (int) number(f[6], "Teenhome"), enrolled, numbers);
    }

    private static double number(String s, String column) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v) || v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unparsable " + column + " '" + s + "'");
        }
    }

    private static AttributePreparation prepare(List<Parsed> parsed, long rows, List<BadRow> bad) {
        double[] present = parsed.stream().mapToDouble(Parsed::income).filter(v -> !Double.isNaN(v)).sorted()
                .toArray();
        double median = present.length == 0 ? 0 : present.length % 2 == 1 ? present[present.length / 2]
                : (present[present.length / 2 - 1] + present[present.length / 2]) / 2;
        LocalDate latest = parsed.stream().map(Parsed::enrolled).max(LocalDate::compareTo).orElseThrow();
        int imputed = 0;
        int mapped = 0;
        int removedAge = 0;
        int removedIncome = 0;
        List<String> ids = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        List<double[]> extra = new ArrayList<>();
        for (Parsed p : parsed) {
            boolean missing = Double.isNaN(p.income());
            imputed += missing ? 1 : 0;
            mapped += p.mapped() ? 1 : 0;
            double income = missing ? median : p.income();
            int age = REFERENCE_YEAR - p.yearBirth();
            if (age > MAX_AGE) {
                removedAge++;
                continue;
            }
            if (income > MAX_INCOME) {
                removedIncome++;
                continue;
            }
            double[] n = p.numbers();
            double spent = n[9] + n[10] + n[11] + n[12] + n[13] + n[14];
            double purchases = n[16] + n[17] + n[18];
            int children = p.kids() + p.teens();
            boolean partner = p.marital().equals("Married") || p.marital().equals("Together");
            ids.add(p.id());
            values.add(new double[] {n[8], purchases, spent, income, age,
                ChronoUnit.DAYS.between(p.enrolled(), latest), children, children + 1 + (partner ? 1 : 0),
                p.education(), n[19], n[15]});
            double[] oneHot = new double[MARITAL.size()];
            oneHot[MARITAL.indexOf(p.marital())] = 1;
            extra.add(oneHot);
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("every row was removed as an outlier");
        }
        List<CleaningStep> steps = List.of(
                new CleaningStep("unparsable row", "rows", bad.size(), "removed"),
                new CleaningStep("missing Income", "rows", imputed,
                        String.format(Locale.ROOT, "imputed with the median %,.0f", median)),
                new CleaningStep("Marital_Status Alone, Absurd or YOLO", "rows", mapped, "mapped to Single"),
                new CleaningStep("age > " + MAX_AGE + " (Year_Birth before " + (REFERENCE_YEAR - MAX_AGE) + ")",
                        "rows", removedAge, "removed"),
                new CleaningStep(String.format(Locale.ROOT, "Income > %,.0f", MAX_INCOME), "rows", removedIncome,
                        "removed"));
        CustomerTable table = new CustomerTable(ids, COLUMNS, values.toArray(double[][]::new), LOG1P,
                new SegmentNamer.Columns(0, 1, 2), MARITAL.stream().map(m -> "marital_" + m.toLowerCase(Locale.ROOT))
                .toList(), extra.toArray(double[][]::new));
        return new AttributePreparation(rows, List.copyOf(bad), imputed, median, mapped, removedAge, removedIncome,
                steps, table, latest);
    }

    /** Counts of the categorical columns after mapping, for the report. */
    public Map<String, Long> maritalCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int j = 0; j < MARITAL.size(); j++) {
            long c = 0;
            for (double[] row : table.extraValues()) {
                c += (long) row[j];
            }
            counts.put(MARITAL.get(j), c);
        }
        return counts;
    }
}
