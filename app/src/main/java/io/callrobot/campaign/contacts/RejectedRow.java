package io.callrobot.campaign.contacts;

/**
 * A row that was not imported.
 *
 * @param line   the file's physical line where the row starts, counting the header and every line
 *               break inside quoted values (for a workbook: the sheet's row number)
 * @param reason why, e.g. {@code bad number "1380013": a Chinese mobile number has 11 digits, this has 7}
 */
public record RejectedRow(long line, String reason) {
}
