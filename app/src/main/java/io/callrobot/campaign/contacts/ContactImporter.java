package io.callrobot.campaign.contacts;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Imports a contact list: a CSV or XLSX file whose header row names the phone column and the
 * contacts' variables (see {@link ImportOptions} for how the charset is found). Each row's phone
 * number is normalised ({@link io.callrobot.campaign.phone.PhoneNumber}); a row whose number is
 * already in the file is a duplicate: the first row wins with its variables and later ones are
 * counted, not merged (merging would need every earlier row kept, or rows the sink has already
 * stored rewritten). Rejected rows are reported with their line and reason. Stateless and
 * thread-safe; each call blocks on the stream, so it runs on a worker thread, never on an event
 * loop.
 */
public final class ContactImporter {

    private final ImportOptions options;

    public ContactImporter(ImportOptions options) {
        this.options = options;
    }

    /**
     * Reads {@code in} to its end, closing it, and hands the accepted contacts to {@code sink}.
     *
     * @throws ImportException when the file as a whole cannot be imported
     */
    public ImportReport importContacts(InputStream in, ContactSink sink) {
        return TableImport.run(in, options, Header.Kind.CONTACTS, (line, phone, cells, header) -> {
            Map<String, String> variables = new LinkedHashMap<>();
            for (int i = 0; i < header.width(); i++) {
                String value = TableImport.cell(cells, i);
                if (i != header.phoneColumn() && header.name(i) != null && !value.isEmpty()) {
                    variables.put(header.name(i), value);
                }
            }
            return new ContactRow(line, phone, variables);
        }, sink::accept);
    }
}
