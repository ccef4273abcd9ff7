package io.callrobot.campaign.contacts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The header row: which column holds the phone number and which name each other column gives.
 * The phone column may be called {@code phone} or a common alias ({@code 手机号}, {@code 电话},
 * {@code mobile}, {@code phone_number}, ...), compared without case, spaces, dashes or
 * underscores. Contact variables are the other columns' names normalised to {@code [a-z0-9_]}:
 * lower case, each run of other characters one {@code _}, none at either end
 * ({@code "Customer Name"} becomes {@code customer_name}); such a name must start with a letter,
 * as flow templates' {@code ${name}} need. Unnamed columns after the last named one are ignored
 * (Excel pads rows with them).
 */
final class Header {

    private static final Set<String> PHONE_ALIASES = Set.of("phone", "phonenumber", "phoneno", "mobile",
            "mobilephone", "mobilenumber", "cellphone", "cell", "tel", "telephone", "手机", "手机号", "手机号码",
            "电话", "电话号码", "联系电话", "号码");
    private static final Set<String> REASON_ALIASES = Set.of("reason", "note", "notes", "remark", "comment", "原因",
            "备注");
    private static final Pattern VARIABLE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** What the other columns are for. */
    enum Kind {
        /** Every other column is a contact variable and must be well named. */
        CONTACTS,
        /** An optional reason column; others are ignored. */
        DO_NOT_CALL
    }

    private final int phone;
    private final int reason;
    private final String[] names;
    private final int width;

    private Header(int phone, int reason, String[] names, int width) {
        this.phone = phone;
        this.reason = reason;
        this.names = names;
        this.width = width;
    }

    /**
     * @throws ImportException naming the header's problem
     */
    static Header parse(List<String> cells, Kind kind, int maxColumns, boolean invalidText) {
        int width = cells.size();
        while (width > 0 && cells.get(width - 1).isBlank()) {
            width--;
        }
        if (width > maxColumns) {
            throw new ImportException("the header has " + width + " columns, at most " + maxColumns + " are allowed");
        }
        int phone = -1;
        int reason = -1;
        String[] names = new String[width];
        Map<String, Integer> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            String cell = cells.get(i).strip();
            String key = aliasKey(cell);
            if (PHONE_ALIASES.contains(key)) {
                if (phone >= 0) {
                    problems.add("columns " + (phone + 1) + " (\"" + cells.get(phone).strip() + "\") and " + (i + 1)
                            + " (\"" + cell + "\") both name the phone number: keep one");
                }
                phone = i;
                names[i] = "phone";
                continue;
            }
            if (kind == Kind.DO_NOT_CALL) {
                if (REASON_ALIASES.contains(key) && reason < 0) {
                    reason = i;
                    names[i] = "reason";
                }
                continue;
            }
            if (cell.isEmpty()) {
                problems.add("column " + (i + 1) + " has no name");
                continue;
            }
            String name = variableName(cell);
            if (!VARIABLE.matcher(name).matches()) {
                problems.add("column " + (i + 1) + " \"" + cell + "\": " + (name.isEmpty()
                        ? "a variable name needs Latin letters, digits or _ (rename it to what the flow uses, "
                                + "e.g. customer_name)"
                        : name.length() > 64 ? "a variable name has at most 64 characters"
                        : "a variable name starts with a letter"));
                continue;
            }
            Integer earlier = seen.putIfAbsent(name, i);
            if (earlier != null) {
                problems.add("columns " + (earlier + 1) + " and " + (i + 1) + " both name the variable " + name);
                continue;
            }
            names[i] = name;
        }
        if (phone < 0) {
            problems.add(0, "no phone column: the header row names it phone (or 手机号, 电话, mobile, phone_number)"
                    + (width == 0 ? "; the first row is empty" : "; it has " + String.join(", ", cells.subList(0, width))));
        }
        if (!problems.isEmpty()) {
            throw new ImportException("header: " + String.join("; ", problems)
                    + (invalidText ? " (the header is not valid text in this encoding: is the file in another one?)" : ""));
        }
        return new Header(phone, reason, names, width);
    }

    /** How a header cell is compared with the phone and reason aliases. */
    static String aliasKey(String cell) {
        StringBuilder key = new StringBuilder(cell.length());
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (!Character.isWhitespace(c) && c != '_' && c != '-' && c != '.' && c != '\u3000') {
                key.append(Character.toLowerCase(c));
            }
        }
        return key.toString();
    }

    /** {@code "Due Date (日期)"} becomes {@code due_date}. */
    static String variableName(String cell) {
        StringBuilder name = new StringBuilder(cell.length());
        boolean gap = false;
        for (int i = 0; i < cell.length(); i++) {
            char c = Character.toLowerCase(cell.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (gap && !name.isEmpty()) {
                    name.append('_');
                }
                name.append(c);
                gap = false;
            } else {
                gap = true;
            }
        }
        return name.toString();
    }

    int phoneColumn() {
        return phone;
    }

    /** The reason column of a do-not-call list, or -1. */
    int reasonColumn() {
        return reason;
    }

    /** Columns up to the last named one; a row's cells past it must be blank. */
    int width() {
        return width;
    }

    /** The column's name (phone, a variable, reason), or null for a column that is ignored. */
    String name(int column) {
        return names[column];
    }

    /** The variable names in column order. */
    List<String> variables() {
        List<String> variables = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            if (i != phone && i != reason && names[i] != null) {
                variables.add(names[i]);
            }
        }
        return variables;
    }
}
