package io.callrobot.store;

import java.util.List;

/**
 * What an import did.
 *
 * @param inserted       contacts added
 * @param duplicates     contacts not added because the campaign already had their number (from this
 *                       import or an earlier one): the first one stays
 * @param duplicateLines the lines of those, in the order given
 */
public record ImportResult(int inserted, int duplicates, List<Long> duplicateLines) {

    public ImportResult {
        duplicateLines = List.copyOf(duplicateLines);
    }
}
