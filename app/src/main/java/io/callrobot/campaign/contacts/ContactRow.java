package io.callrobot.campaign.contacts;

import io.callrobot.campaign.phone.PhoneNumber;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One imported contact.
 *
 * @param line      where the row starts in the file (see {@link RejectedRow#line()})
 * @param phone     the normalised number
 * @param variables the row's non-blank values by variable name (the header's other columns,
 *                  normalised to {@code [a-z][a-z0-9_]*}), values trimmed; in the header's order, which
 *                  the results export keeps
 */
public record ContactRow(long line, PhoneNumber phone, Map<String, String> variables) {

    public ContactRow {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }
}
