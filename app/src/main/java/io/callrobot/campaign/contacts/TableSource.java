package io.callrobot.campaign.contacts;

import java.io.Closeable;
import java.util.List;

/** Rows of a CSV file or a workbook's first sheet, as text cells, with where each row starts. */
interface TableSource extends Closeable {

    /**
     * The next row's cells (blank rows included), or null after the last.
     *
     * @throws ImportException when the file cannot be read on
     */
    List<String> next();

    /** The line (CSV) or row number (XLSX) where the row {@link #next} returned starts. */
    long line();

    /** Whether a row may stop before the header's last column (a workbook stores no empty cells). */
    boolean padsShortRows();

    /** How the file was read, for the report. */
    String encoding();

    /** What a cell holding {@code U+FFFD} means in this file, for the row's rejection. */
    String invalidTextReason();
}
