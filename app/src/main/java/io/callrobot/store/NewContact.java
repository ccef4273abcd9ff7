package io.callrobot.store;

/**
 * A contact to import.
 *
 * @param phone     the number, normalised by the importer (contacts and do-not-call entries are matched
 *                  on this text as it is)
 * @param variables JSON object of the contact's variables; null for {@code {}}
 * @param lineNo    the line of the imported file it came from
 */
public record NewContact(String phone, String variables, long lineNo) {

    public NewContact {
        Check.notBlank("phone", phone);
        variables = variables == null ? "{}" : variables;
    }
}
