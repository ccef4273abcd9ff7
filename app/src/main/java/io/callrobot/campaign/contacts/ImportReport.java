package io.callrobot.campaign.contacts;

import java.util.List;

/**
 * What an import did.
 *
 * @param accepted      rows handed to the sink
 * @param duplicates    rows dropped because an earlier row of the file has the same normalised
 *                      number (the first row wins, with its variables)
 * @param rejectedTotal rows rejected, all of them
 * @param rejected      the first rejected rows, at most {@link ImportOptions#maxListedRejects()}
 * @param variables     the variable names the header gave, in column order (for a do-not-call
 *                      list: none)
 * @param encoding      how the file was read: {@code UTF-8}, {@code GB18030}, the charset given, or
 *                      {@code xlsx}
 */
public record ImportReport(long accepted, long duplicates, long rejectedTotal, List<RejectedRow> rejected,
        List<String> variables, String encoding) {

    public ImportReport {
        rejected = List.copyOf(rejected);
        variables = List.copyOf(variables);
    }
}
