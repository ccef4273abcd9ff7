package io.callrobot.campaign.contacts;

import io.callrobot.campaign.phone.InvalidPhoneNumberException;
import io.callrobot.campaign.phone.PhoneNumber;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The loop both importers share: open the file (XLSX by its zip signature, else CSV), read the
 * header, then check each row (column count, encoding, value lengths, the phone number,
 * duplicates) and hand accepted rows to the sink in batches. Blank rows are skipped and not
 * counted. A row is rejected for its first problem.
 */
final class TableImport {

    /** Builds the sink's value from an accepted row. */
    interface RowMapper<T> {
        T map(long line, PhoneNumber phone, List<String> cells, Header header);
    }

    private TableImport() {
    }

    static <T> ImportReport run(InputStream in, ImportOptions options, Header.Kind kind, RowMapper<T> mapper,
            Consumer<List<T>> sink) {
        try (TableSource table = open(in, options)) {
            return run(table, options, kind, mapper, sink);
        } catch (IOException e) {
            throw new ImportException("cannot read the file: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ImportException("cannot read the file: " + e.getCause().getMessage(), e);
        }
    }

    private static TableSource open(InputStream in, ImportOptions options) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(8);
        byte[] magic = buffered.readNBytes(4);
        buffered.reset();
        if (startsWith(magic, 0x50, 0x4B, 0x03, 0x04)) { // ECMA-376 part 2: an XLSX file is a zip package
            return XlsxTable.open(buffered, options.maxWorkbookBytes());
        }
        if (startsWith(magic, 0xD0, 0xCF, 0x11, 0xE0)) { // the OLE2 compound file of pre-2007 .xls
            throw new ImportException("old .xls workbooks cannot be read: save it as .xlsx or as CSV");
        }
        return CsvTable.open(buffered, options.charset(), options.maxRowChars());
    }

    private static <T> ImportReport run(TableSource table, ImportOptions options, Header.Kind kind,
            RowMapper<T> mapper, Consumer<List<T>> sink) {
        List<String> first = table.next();
        while (first != null && blank(first)) {
            first = table.next();
        }
        if (first == null) {
            throw new ImportException("the file is empty: its first row must name the columns (phone, ...)");
        }
        Header header = Header.parse(first, kind, options.maxColumns(), anyInvalid(first));
        Counts counts = new Counts(options.maxListedRejects());
        PhoneSet seen = new PhoneSet();
        List<T> batch = new ArrayList<>(options.batchSize());
        for (List<String> cells = table.next(); cells != null; cells = table.next()) {
            if (blank(cells)) {
                continue;
            }
            long line = table.line();
            String problem = check(cells, header, table, options);
            if (problem != null) {
                counts.reject(line, problem);
                continue;
            }
            PhoneNumber phone;
            try {
                phone = PhoneNumber.parse(cells.get(header.phoneColumn()));
            } catch (InvalidPhoneNumberException e) {
                counts.reject(line, e.getMessage());
                continue;
            }
            if (!seen.add(phone)) {
                counts.duplicates++;
                continue;
            }
            batch.add(mapper.map(line, phone, cells, header));
            counts.accepted++;
            if (batch.size() == options.batchSize()) {
                sink.accept(Collections.unmodifiableList(batch));
                batch = new ArrayList<>(options.batchSize());
            }
        }
        if (!batch.isEmpty()) {
            sink.accept(Collections.unmodifiableList(batch));
        }
        List<String> variables = kind == Header.Kind.CONTACTS ? header.variables() : List.of();
        return new ImportReport(counts.accepted, counts.duplicates, counts.rejectedTotal, counts.rejected, variables,
                table.encoding());
    }

    /** The row's first problem other than its phone number, or null. */
    private static String check(List<String> cells, Header header, TableSource table, ImportOptions options) {
        int width = header.width();
        int filled = cells.size();
        while (filled > width && cells.get(filled - 1).isBlank()) {
            filled--; // trailing empty cells, as Excel and trailing commas add
        }
        if (filled > width || (filled < width && !table.padsShortRows())) {
            return "wrong column count: " + cells.size() + " values, the header has " + width;
        }
        for (int i = 0; i < Math.min(width, cells.size()); i++) {
            String name = header.name(i);
            if (name == null) {
                continue;
            }
            String value = cells.get(i);
            if (value.indexOf('\uFFFD') >= 0) {
                return "invalid encoding in column " + name + ": " + table.invalidTextReason();
            }
            if (value.length() > options.maxValueChars()) {
                return "column " + name + ": value longer than " + options.maxValueChars() + " characters";
            }
        }
        if (header.phoneColumn() >= cells.size() || cells.get(header.phoneColumn()).isBlank()) {
            return "missing phone";
        }
        return null;
    }

    /** The cell in {@code column}, trimmed; empty past the row's end. */
    static String cell(List<String> cells, int column) {
        return column >= 0 && column < cells.size() ? cells.get(column).strip() : "";
    }

    private static boolean blank(List<String> cells) {
        for (String cell : cells) {
            if (!cell.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyInvalid(List<String> cells) {
        for (String cell : cells) {
            if (cell.indexOf('\uFFFD') >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Tallies of one import; the rejected list is capped. */
    private static final class Counts {
        final int maxListed;
        final List<RejectedRow> rejected = new ArrayList<>();
        long accepted;
        long duplicates;
        long rejectedTotal;

        Counts(int maxListed) {
            this.maxListed = maxListed;
        }

        void reject(long line, String reason) {
            rejectedTotal++;
            if (rejected.size() < maxListed) {
                rejected.add(new RejectedRow(line, reason));
            }
        }
    }
}
