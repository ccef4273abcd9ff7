package io.callrobot.campaign.contacts;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV rows as RFC 4180 writes them (comma, double quotes, CRLF, LF or CR line ends), read with
 * commons-csv. A row's line is the physical line it starts on: the parser counts every line break,
 * those inside quoted values too, and empty lines are read as rows so none goes uncounted.
 */
final class CsvTable implements TableSource {

    // RFC 4180 plus leniency Excel files need: text after a closing quote is kept, not a parse error
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .setTrailingData(true)
            .setLenientEof(true)
            .get();

    private final BoundedReader reader;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Supplier<Charset> charset;
    private final int maxRowChars;
    private long line;

    private CsvTable(Reader decoded, Supplier<Charset> charset, int maxRowChars) throws IOException {
        this.reader = new BoundedReader(decoded, maxRowChars);
        this.parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        this.records = parser.iterator();
        this.charset = charset;
        this.maxRowChars = maxRowChars;
    }

    /**
     * @param in      the file's bytes, starting at its first byte
     * @param charset the charset to read it in; null detects it (see {@link DetectingReader})
     */
    static CsvTable open(BufferedInputStream in, Charset charset, int maxRowChars) throws IOException {
        in.mark(4);
        byte[] head = in.readNBytes(3);
        in.reset();
        if (head.length >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE)
                || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF))) {
            throw new ImportException("the file is UTF-16 text (Excel's \"Unicode text\"): save it as CSV UTF-8");
        }
        if (head.length == 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
            in.skipNBytes(3); // a UTF-8 byte-order mark, as Excel's "CSV UTF-8" writes: always UTF-8
            return new CsvTable(DetectingReader.lenientReader(in, StandardCharsets.UTF_8), () -> StandardCharsets.UTF_8,
                    maxRowChars);
        }
        if (charset != null) {
            return new CsvTable(DetectingReader.lenientReader(in, charset), () -> charset, maxRowChars);
        }
        DetectingReader detecting = new DetectingReader(in);
        return new CsvTable(detecting, detecting::charset, maxRowChars);
    }

    @Override
    public List<String> next() {
        long before = parser.getCurrentLineNumber();
        reader.rowStarted();
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord record = records.next();
            line = before + 1;
            return record.toList();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BoundedReader.RowTooLongException) {
                throw new ImportException("line " + (before + 1) + ": a row longer than " + maxRowChars
                        + " characters (a quote that is never closed?)");
            }
            throw new ImportException("line " + (before + 1) + ": cannot read the file on: "
                    + e.getCause().getMessage(), e);
        }
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public boolean padsShortRows() {
        return false;
    }

    @Override
    public String encoding() {
        return charset.get().name();
    }

    @Override
    public String invalidTextReason() {
        return "bytes that are not " + encoding() + " text (is the file in another encoding?)";
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
