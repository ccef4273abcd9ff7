package io.callrobot.campaign.contacts;

import java.nio.charset.Charset;

/**
 * How files are read.
 *
 * @param charset          the CSV's charset; null detects it: a UTF-8 BOM means UTF-8, otherwise the
 *                         text is UTF-8 if the 64 KiB from its first non-ASCII byte decode as strict
 *                         UTF-8, else GB18030 (the superset of GBK that Chinese Excel writes)
 * @param batchSize        rows per sink call
 * @param maxListedRejects rejected rows listed in the report (all are counted)
 * @param maxValueChars    a longer value rejects its row
 * @param maxColumns       a header with more columns is refused
 * @param maxRowChars      a CSV row longer than this (a quote that never closes swallows the rest
 *                         of the file into one row) stops the import, so memory stays bounded
 * @param maxWorkbookBytes a larger XLSX file is refused (the workbook's compressed bytes are held
 *                         in memory while its rows stream)
 */
public record ImportOptions(Charset charset, int batchSize, int maxListedRejects, int maxValueChars,
        int maxColumns, int maxRowChars, long maxWorkbookBytes) {

    public ImportOptions {
        positive("batchSize", batchSize);
        positive("maxListedRejects", maxListedRejects);
        positive("maxValueChars", maxValueChars);
        positive("maxColumns", maxColumns);
        positive("maxRowChars", maxRowChars);
        positive("maxWorkbookBytes", maxWorkbookBytes);
    }

    /** Detected charset, batches of 500, 100 rejects listed, values up to 500 characters. */
    public static ImportOptions defaults() {
        return new ImportOptions(null, 500, 100, 500, 100, 64 * 1024, 64L * 1024 * 1024);
    }

    /** The same options reading CSV in {@code charset} (null: detect). */
    public ImportOptions withCharset(Charset charset) {
        return new ImportOptions(charset, batchSize, maxListedRejects, maxValueChars, maxColumns, maxRowChars,
                maxWorkbookBytes);
    }

    public ImportOptions withBatchSize(int batchSize) {
        return new ImportOptions(charset, batchSize, maxListedRejects, maxValueChars, maxColumns, maxRowChars,
                maxWorkbookBytes);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
