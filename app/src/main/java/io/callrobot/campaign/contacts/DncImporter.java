package io.callrobot.campaign.contacts;

import java.io.InputStream;

/**
 * Imports a do-not-call list: a CSV or XLSX file with a phone column (the same names and number
 * rules as {@link ContactImporter}) and optionally a reason column ({@code reason}, {@code note},
 * {@code remark}, {@code 原因}, {@code 备注}); other columns are ignored. Thread-safe; blocks on the
 * stream.
 */
public final class DncImporter {

    private final ImportOptions options;

    public DncImporter(ImportOptions options) {
        this.options = options;
    }

    /**
     * Reads {@code in} to its end, closing it, and hands the entries to {@code sink}.
     *
     * @throws ImportException when the file as a whole cannot be imported
     */
    public ImportReport importDoNotCall(InputStream in, DncSink sink) {
        return TableImport.run(in, options, Header.Kind.DO_NOT_CALL,
                (line, phone, cells, header) -> new DncEntry(line, phone, TableImport.cell(cells, header.reasonColumn())),
                sink::accept);
    }
}
