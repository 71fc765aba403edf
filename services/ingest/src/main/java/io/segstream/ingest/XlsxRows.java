package io.segstream.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * The rows of an Excel workbook ({@code .xlsx}), streamed sheet by sheet with fastexcel-reader, which parses each
 * sheet's XML as it goes instead of building it in memory (shared strings are kept, as they are referenced by
 * index). Every sheet is read in workbook order, or only the one named; each sheet's first non-empty row is its
 * header, and the headers of later sheets must equal the first one, which is returned once.
 *
 * <p>Cells become the text a CSV export of the sheet would hold: date-formatted numbers as
 * {@code yyyy-MM-dd HH:mm:ss} (rounded to the second, as Excel stores times as fractions of a day), other numbers
 * to Excel's 15 significant digits without trailing zeros, text as is. Rows are padded with empty fields to the
 * header's width, since a sheet does not store trailing empty cells.
 */
final class XlsxRows implements RowSource {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    private static final MathContext EXCEL_DIGITS = new MathContext(15);
    /** Built-in number formats that are dates or times (ECMA-376 part 1, 18.8.30). */
    private static final Set<Integer> DATE_FORMATS = Set.of(14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47);

    private final Path file;
    private final ReadableWorkbook workbook;
    private final Iterator<Sheet> sheets;
    private final List<String> sheetNames = new ArrayList<>();
    /** Whether each number format of the workbook is a date, by format id. */
    private final Map<Integer, Boolean> dateFormats = new HashMap<>();
    private Sheet sheet;
    private Stream<org.dhatim.fastexcel.reader.Row> stream;
    private Iterator<org.dhatim.fastexcel.reader.Row> rows;
    private List<String> header;
    private String headerSheet;
    private boolean atSheetStart;

    /**
     * @param sheetName the one sheet to read, {@code null} for all
     * @throws TransactionFileException when the workbook cannot be opened or has no such sheet
     */
    XlsxRows(Path file, String sheetName) {
        this.file = file;
        try {
            this.workbook = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false));
        } catch (IOException | RuntimeException e) {
            throw new TransactionFileException(file, 0, "cannot open as an .xlsx workbook: " + e.getMessage(), e);
        }
        List<Sheet> all = workbook.getSheets().toList();
        List<Sheet> chosen = sheetName == null ? all
                : all.stream().filter(s -> s.getName().equals(sheetName)).toList();
        if (chosen.isEmpty()) {
            close();
            throw new TransactionFileException(file, 0, (sheetName == null ? "no sheets"
                    : "no sheet named '" + sheetName + "'") + "; sheets: " + all.stream().map(Sheet::getName).toList(),
                    null);
        }
        this.sheets = chosen.iterator();
    }

    /** The sheets begun so far, in order. */
    List<String> sheetNames() {
        return List.copyOf(sheetNames);
    }

    @Override
    public Row next() {
        while (true) {
            if (rows == null || !rows.hasNext()) {
                if (!nextSheet()) {
                    return null;
                }
                continue;
            }
            org.dhatim.fastexcel.reader.Row row = rows.next();
            List<String> fields = fields(row);
            if (fields.stream().allMatch(String::isBlank)) {
                continue;
            }
            if (atSheetStart) {
                atSheetStart = false;
                List<String> stripped = fields.stream().map(String::strip).toList();
                if (header == null) {
                    header = stripped;
                    headerSheet = sheet.getName();
                } else if (stripped.equals(header)) {
                    continue;
                } else {
                    throw new TransactionFileException(file, 0, "sheet '" + sheet.getName() + "' row "
                            + row.getRowNum() + ": header " + stripped + " differs from the header " + header
                            + " of sheet '" + headerSheet + "'; read one sheet at a time with --sheet NAME", null);
                }
            }
            return new Row(row.getRowNum(), pad(fields), null, sheet.getName());
        }
    }

    private boolean nextSheet() {
        closeStream();
        if (!sheets.hasNext()) {
            return false;
        }
        sheet = sheets.next();
        sheetNames.add(sheet.getName());
        try {
            stream = sheet.openStream();
        } catch (IOException e) {
            throw new TransactionFileException(file, 0, "cannot read sheet '" + sheet.getName() + "': "
                    + e.getMessage(), e);
        }
        rows = stream.iterator();
        atSheetStart = true;
        return true;
    }

    private List<String> pad(List<String> fields) {
        if (header == null || fields.size() == header.size()) {
            return fields;
        }
        List<String> out = new ArrayList<>(fields);
        while (out.size() < header.size()) {
            out.add("");
        }
        while (out.size() > header.size() && out.getLast().isBlank()) {
            out.removeLast();
        }
        return out;
    }

    private List<String> fields(org.dhatim.fastexcel.reader.Row row) {
        int n = row.getCellCount();
        List<String> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fields.add(text(row.getCell(i)));
        }
        return fields;
    }

    /** The cell as CSV text. */
    private String text(Cell cell) {
        if (cell == null || cell.getType() == CellType.EMPTY || cell.getRawValue() == null) {
            return "";
        }
        if (cell.getType() == CellType.NUMBER) {
            if (isDate(cell)) {
                LocalDateTime time = cell.asDate();
                LocalDateTime second = time.withNano(0).plusSeconds(time.getNano() >= 500_000_000 ? 1 : 0);
                return second.format(ISO);
            }
            return number(cell.getRawValue());
        }
        return cell.getType() == CellType.STRING ? cell.asString() : cell.getRawValue();
    }

    /** A stored number as Excel shows it: 15 significant digits, no trailing zeros, never in E notation. */
    static String number(String raw) {
        int n = raw.length();
        boolean plain = n <= 16;
        for (int i = 0; plain && i < n; i++) {
            char c = raw.charAt(i);
            plain = (c >= '0' && c <= '9') || c == '.' || (c == '-' && i == 0);
        }
        if (!plain) {
            return new BigDecimal(raw).round(EXCEL_DIGITS).stripTrailingZeros().toPlainString();
        }
        if (raw.indexOf('.') < 0) {
            return raw;
        }
        int end = n;
        while (raw.charAt(end - 1) == '0') {
            end--;
        }
        return raw.substring(0, raw.charAt(end - 1) == '.' ? end - 1 : end);
    }

    private boolean isDate(Cell cell) {
        Integer id = cell.getDataFormatId();
        if (id == null) {
            return false;
        }
        return dateFormats.computeIfAbsent(id, unused -> DATE_FORMATS.contains(id)
                || isDateFormat(cell.getDataFormatString()));
    }

    /** A custom format is a date when it has date or time letters outside quotes, escapes and [colour] tags. */
    static boolean isDateFormat(String format) {
        if (format == null) {
            return false;
        }
        String bare = format.replaceAll("\"[^\"]*\"|\\\\.|\\[[^]]*]", "").toLowerCase(Locale.ROOT);
        return bare.matches(".*[dmyhs].*") && !bare.contains("0") && !bare.contains("#");
    }

    private void closeStream() {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    @Override
    public void close() {
        closeStream();
        try {
            workbook.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
