package io.callrobot.campaign.contacts;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

/**
 * The first sheet of an XLSX workbook, streamed with fastexcel-reader: the sheet's XML is parsed
 * row by row; the workbook's compressed bytes and its shared strings are held in memory (the bytes
 * capped by {@link ImportOptions#maxWorkbookBytes()}). Cells become the text a person sees for
 * them: numbers without exponent or trailing zeros (a phone typed as a number stays its digits),
 * dates as ISO {@code 2026-12-05}, booleans as {@code true}/{@code false}.
 */
final class XlsxTable implements TableSource {

    private final ReadableWorkbook workbook;
    private final Stream<Row> stream;
    private final Iterator<Row> rows;
    private long line;

    private XlsxTable(ReadableWorkbook workbook, Stream<Row> stream) {
        this.workbook = workbook;
        this.stream = stream;
        this.rows = stream.iterator();
    }

    static XlsxTable open(InputStream in, long maxBytes) throws IOException {
        ReadableWorkbook workbook;
        try {
            // with cell formats, so date cells can be told from numbers
            workbook = new ReadableWorkbook(new CappedInputStream(in, maxBytes), new ReadingOptions(true, false));
        } catch (IOException | ExcelReaderException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CappedInputStream.TooLargeException) {
                    throw new ImportException("the workbook is larger than " + (maxBytes >> 20)
                            + " MiB: split it, or save it as CSV");
                }
            }
            throw new ImportException("not a readable .xlsx workbook: " + e.getMessage(), e);
        }
        try {
            return new XlsxTable(workbook, workbook.getFirstSheet().openStream());
        } catch (IOException | RuntimeException e) {
            workbook.close();
            throw new ImportException("not a readable .xlsx workbook: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> next() {
        Row row;
        try {
            if (!rows.hasNext()) {
                return null;
            }
            row = rows.next();
        } catch (ExcelReaderException | IllegalStateException e) {
            throw new ImportException("row " + (line + 1) + ": cannot read the sheet on: " + e.getMessage(), e);
        }
        line = row.getRowNum();
        List<String> cells = new ArrayList<>(row.getCellCount());
        for (int i = 0; i < row.getCellCount(); i++) {
            cells.add(row.getOptionalCell(i).map(XlsxTable::text).orElse(""));
        }
        return cells;
    }

    static String text(Cell cell) {
        return switch (cell.getType()) {
            case NUMBER, FORMULA -> number(cell);
            case STRING -> cell.getValue() == null ? "" : cell.getValue().toString();
            case BOOLEAN -> cell.getValue() == null ? "" : cell.getValue().toString();
            case ERROR -> cell.getRawValue() == null ? "" : cell.getRawValue();
            case EMPTY -> "";
        };
    }

    private static String number(Cell cell) {
        String raw = cell.getRawValue();
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        BigDecimal value;
        try {
            value = new BigDecimal(raw);
        } catch (NumberFormatException e) {
            return raw; // a formula's cached text result
        }
        if (isDateFormat(cell.getDataFormatId(), cell.getDataFormatString())) {
            LocalDateTime at = cell.asDate();
            return at.toLocalTime().toNanoOfDay() == 0 ? at.toLocalDate().toString() : at.toString();
        }
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /**
     * Excel's built-in date formats (ECMA-376 part 1, 18.8.30: ids 14-17 and 22, 27-36 and 50-58
     * in East Asian locales such as zh-CN), or a custom format with a year or day field outside
     * its quoted literals.
     */
    static boolean isDateFormat(Integer id, String format) {
        if (id != null && ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))) {
            return true;
        }
        if (format == null) {
            return false;
        }
        String fields = format.replaceAll("\"[^\"]*\"|\\[[^]]*]|\\\\.", "").toLowerCase(Locale.ROOT);
        return fields.indexOf('y') >= 0 || fields.indexOf('d') >= 0;
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public boolean padsShortRows() {
        return true;
    }

    @Override
    public String encoding() {
        return "xlsx";
    }

    @Override
    public String invalidTextReason() {
        return "a character that is not valid text";
    }

    @Override
    public void close() throws IOException {
        try {
            stream.close();
        } finally {
            workbook.close();
        }
    }

    /** Fails once more than {@code max} bytes have been read. */
    private static final class CappedInputStream extends FilterInputStream {
        private final long max;
        private long count;

        CappedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws TooLargeException {
            count += n;
            if (count > max) {
                throw new TooLargeException();
            }
        }

        static final class TooLargeException extends IOException {
            TooLargeException() {
                super("too large");
            }
        }
    }
}
