package io.callrobot.campaign.contacts;

import io.callrobot.campaign.phone.PhoneNumber;
import java.util.Map;

/**
 * One imported contact.
 *
 * @param line      where the row starts in the file (see {@link RejectedRow#line()})
 * @param phone     the normalised number
 * @param variables the row's non-blank values by variable name (the header's other columns,
 *                  normalised to {@code [a-z][a-z0-9_]*}), values trimmed
 */
public record ContactRow(long line, PhoneNumber phone, Map<String, String> variables) {

    public ContactRow {
        variables = Map.copyOf(variables);
    }
}
