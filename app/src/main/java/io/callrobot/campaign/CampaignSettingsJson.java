package io.callrobot.campaign;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a campaign definition from the JSON the API receives, and writes it back in the same
 * shape with every default filled in (what is stored and echoed). Reading checks every field and
 * reports all problems at once in an {@link InvalidSettingsException}, each naming its field
 * ({@code window.hours[1]: "14:00-13:00" ends before it starts},
 * {@code pacing.maxConcurent: unknown field (known here: maxConcurrent, callsPerSecond)}); nothing
 * is returned unless the whole definition is valid.
 *
 * <p>The body: {@code {name, flow, dialString, callerIds?, variables?, window?: {timezone, days,
 * hours, skipDates, extraDates}, pacing?: {maxConcurrent, callsPerSecond}, retry?: {busy, noAnswer,
 * unreachable, rejected, failed: {afterMinutes, maxAttempts?} or null, results: {TAG: {afterMinutes,
 * maxAttempts?}}, maxAttempts, throttledAfterSeconds}, dailyCapPerNumber?, dailyCap?, record?, webhook?:
 * {url, secret}}}. Days are {@code mon}..{@code sun} (or full names, or ranges such as
 * {@code mon-fri}); dates are ISO {@code 2026-10-01}; a retry rule written {@code null} means that
 * outcome is never retried.
 */
public final class CampaignSettingsJson {

    private static final ObjectMapper JSON = new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final Pattern FLOW_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern CALLER_ID = Pattern.compile("\\+?[0-9]{3,20}");
    private static final Pattern VARIABLE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern RESULT_TAG = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_VALUE_LENGTH = 500;

    private CampaignSettingsJson() {
    }

    /**
     * @param knownFlows the flows that exist; null skips that check
     * @throws InvalidSettingsException listing every problem
     */
    public static CampaignSettings read(String json, Set<String> knownFlows) {
        JsonNode body;
        try {
            body = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingsException(List.of("body: not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")")));
        }
        if (body == null || body.isMissingNode()) {
            throw new InvalidSettingsException(List.of("body: empty, expected a JSON object"));
        }
        return read(body, knownFlows);
    }

    /**
     * @param knownFlows the flows that exist; null skips that check
     * @throws InvalidSettingsException listing every problem
     */
    public static CampaignSettings read(JsonNode body, Set<String> knownFlows) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new InvalidSettingsException(List.of("body: expected a JSON object"
                    + (body == null ? "" : ", got " + JsonFields.shown(body))));
        }
        JsonFields top = JsonFields.of(body, "", problems, "name", "flow", "dialString", "callerIds", "variables",
                "window", "pacing", "retry", "dailyCapPerNumber", "dailyCap", "webhook", "record");
        String name = top.text("name", null, 100);
        String flow = flow(top, knownFlows);
        String dialString = dialString(top);
        List<String> callerIds = callerIds(top);
        Map<String, String> variables = variables(top);
        WindowSettings window = window(top.get("window"), problems);
        PacingSettings pacing = pacing(top.get("pacing"), problems);
        RetrySettings retry = retry(top.get("retry"), problems);
        Integer capPerNumber = top.integer("dailyCapPerNumber", CampaignSettings.DEFAULT_DAILY_CAP_PER_NUMBER, 1, 1000);
        Integer dailyCap = top.integer("dailyCap", 0, 1, 100_000_000);
        WebhookSettings webhook = webhook(top.get("webhook"), problems);
        Boolean record = top.flag("record");
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new CampaignSettings(name, flow, dialString, callerIds, variables, window, pacing, retry, capPerNumber,
                dailyCap, webhook, record);
    }

    private static String flow(JsonFields top, Set<String> knownFlows) {
        String flow = top.text("flow", null, 100);
        if (flow == null) {
            return null;
        }
        if (!FLOW_NAME.matcher(flow).matches()) {
            top.problem("flow", "\"" + flow + "\" is not a flow name (letters, digits, _ . -)");
            return null;
        }
        if (knownFlows != null && !knownFlows.contains(flow)) {
            top.problem("flow", "no flow named \"" + flow + "\" (known: " + String.join(", ", sorted(knownFlows)) + ")");
            return null;
        }
        return flow;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    private static String dialString(JsonFields top) {
        String dial = top.text("dialString", null, 500);
        if (dial == null) {
            return null;
        }
        int before = top.problemCount();
        if (dial.chars().anyMatch(Character::isWhitespace)) {
            top.problem("dialString", "must not contain spaces (originate's arguments are split at them)");
        }
        if (dial.startsWith("{")) {
            top.problem("dialString", "must not start with {...}: the dialer writes that block; put call variables "
                    + "in variables");
        }
        Matcher m = PLACEHOLDER.matcher(dial);
        boolean phone = false;
        while (m.find()) {
            if (!PLACEHOLDER_NAME.matcher(m.group(1)).matches()) {
                top.problem("dialString", "\"${" + m.group(1) + "}\" is not a placeholder like ${phone}");
            }
            phone |= m.group(1).equals("phone");
        }
        if (PLACEHOLDER.matcher(dial).replaceAll("").contains("${")) {
            top.problem("dialString", "has a ${ that is never closed");
        }
        if (!phone) {
            top.problem("dialString", "must contain ${phone}, where the contact's number goes");
        }
        return top.problemCount() == before ? dial : null;
    }

    private static List<String> callerIds(JsonFields top) {
        List<JsonNode> elements = top.array("callerIds", 100);
        if (elements == null) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int before = top.problemCount();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode e = elements.get(i);
            String where = "callerIds[" + i + "]";
            if (!e.isTextual() || !CALLER_ID.matcher(e.textValue()).matches()) {
                top.problem(where, JsonFields.shown(e) + " is not a caller ID number (3 to 20 digits, may start with +)");
            } else if (!seen.add(e.textValue())) {
                top.problem(where, "\"" + e.textValue() + "\" is listed twice");
            } else {
                ids.add(e.textValue());
            }
        }
        return top.problemCount() == before ? ids : null;
    }

    private static Map<String, String> variables(JsonFields top) {
        JsonNode node = top.get("variables");
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            top.problem("variables", "expected an object of names and values, got " + JsonFields.shown(node));
            return null;
        }
        if (node.size() > 100) {
            top.problem("variables", "more than 100 variables");
            return null;
        }
        int before = top.problemCount();
        Map<String, String> variables = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "variables." + e.getKey();
            JsonNode value = e.getValue();
            if (!VARIABLE.matcher(e.getKey()).matches()) {
                top.problem(where, "a variable name is a-z, 0-9 and _, starting with a letter");
            } else if (!value.isValueNode() || value.isNull()) {
                top.problem(where, "expected text, got " + JsonFields.shown(value));
            } else if (value.asText().length() > MAX_VALUE_LENGTH) {
                top.problem(where, "longer than " + MAX_VALUE_LENGTH + " characters");
            } else {
                variables.put(e.getKey(), value.asText());
            }
        }
        return top.problemCount() == before ? variables : null;
    }

    private static WindowSettings window(JsonNode node, List<String> problems) {
        WindowSettings d = WindowSettings.defaults();
        JsonFields f = JsonFields.of(node, "window", problems, "timezone", "days", "hours", "skipDates", "extraDates");
        int before = problems.size();
        ZoneId zone = d.timezone();
        String zoneName = f.text("timezone", d.timezone().getId(), 100);
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                f.problem("timezone", "unknown time zone \"" + zoneName + "\" (e.g. Asia/Shanghai)");
            }
        }
        Set<DayOfWeek> days = f.get("days") == null ? d.days() : days(f);
        List<HourRange> hours = f.get("hours") == null ? d.hours() : hours(f);
        List<LocalDate> skipDates = dates(f, "skipDates");
        List<LocalDate> extraDates = dates(f, "extraDates");
        if (problems.size() > before) {
            return null;
        }
        WindowSettings window = new WindowSettings(zone, days, hours, skipDates, extraDates);
        problems.addAll(window.problems());
        return window;
    }

    private static Set<DayOfWeek> days(JsonFields f) {
        List<JsonNode> elements = f.array("days", 7 * 4);
        if (elements == null) {
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < elements.size(); i++) {
            JsonNode e = elements.get(i);
            Set<DayOfWeek> parsed = e.isTextual() ? dayOrRange(e.textValue()) : null;
            if (parsed == null) {
                f.problem("days[" + i + "]", JsonFields.shown(e)
                        + " is not a day (mon, tue, wed, thu, fri, sat, sun, or a range such as mon-fri)");
            } else {
                days.addAll(parsed);
            }
        }
        return days;
    }

    /** {@code "mon"}, {@code "Monday"} or a range {@code "mon-fri"} (wrapping: {@code "fri-mon"}); null if neither. */
    static Set<DayOfWeek> dayOrRange(String text) {
        String[] ends = text.split("-", -1);
        if (ends.length > 2) {
            return null;
        }
        DayOfWeek from = day(ends[0]);
        DayOfWeek to = ends.length == 2 ? day(ends[1]) : from;
        if (from == null || to == null) {
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d = from; ; d = d.plus(1)) {
            days.add(d);
            if (d == to) {
                return days;
            }
        }
    }

    private static DayOfWeek day(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (t.length() >= 3 && full.startsWith(t)) {
                return d;
            }
        }
        return null;
    }

    private static List<HourRange> hours(JsonFields f) {
        List<JsonNode> elements = f.array("hours", 24);
        if (elements == null) {
            return null;
        }
        List<HourRange> hours = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode e = elements.get(i);
            if (!e.isTextual()) {
                f.problem("hours[" + i + "]", "expected text like \"09:00-12:00\", got " + JsonFields.shown(e));
                continue;
            }
            try {
                hours.add(HourRange.parse(e.textValue()));
            } catch (IllegalArgumentException ex) {
                f.problem("hours[" + i + "]", "\"" + e.textValue() + "\" " + ex.getMessage());
            }
        }
        return hours;
    }

    private static List<LocalDate> dates(JsonFields f, String name) {
        List<JsonNode> elements = f.array(name, 1000);
        if (elements == null) {
            return null;
        }
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode e = elements.get(i);
            try {
                if (!e.isTextual()) {
                    throw new DateTimeException("not text");
                }
                dates.add(LocalDate.parse(e.textValue()));
            } catch (DateTimeException ex) {
                f.problem(name + "[" + i + "]", JsonFields.shown(e) + " is not a date like \"2026-10-01\"");
            }
        }
        return dates;
    }

    private static PacingSettings pacing(JsonNode node, List<String> problems) {
        PacingSettings d = PacingSettings.defaults();
        JsonFields f = JsonFields.of(node, "pacing", problems, "maxConcurrent", "callsPerSecond");
        Integer maxConcurrent = f.integer("maxConcurrent", d.maxConcurrent(), 1, PacingSettings.MAX_CONCURRENT);
        Double rate = f.number("callsPerSecond", d.callsPerSecond(), PacingSettings.MIN_RATE, PacingSettings.MAX_RATE);
        return maxConcurrent == null || rate == null ? null : new PacingSettings(maxConcurrent, rate);
    }

    private static RetrySettings retry(JsonNode node, List<String> problems) {
        RetrySettings d = RetrySettings.defaults();
        JsonFields f = JsonFields.of(node, "retry", problems, "busy", "noAnswer", "unreachable", "rejected", "failed",
                "results", "maxAttempts", "throttledAfterSeconds");
        int before = problems.size();
        RetryRule busy = rule(f, "busy", d.busy(), problems);
        RetryRule noAnswer = rule(f, "noAnswer", d.noAnswer(), problems);
        RetryRule unreachable = rule(f, "unreachable", d.unreachable(), problems);
        RetryRule rejected = rule(f, "rejected", d.rejected(), problems);
        RetryRule failed = rule(f, "failed", d.failed(), problems);
        Map<String, RetryRule> results = results(f, problems);
        Integer maxAttempts = f.integer("maxAttempts", d.maxAttempts(), 1, RetrySettings.MAX_ATTEMPTS);
        Integer throttledAfter = f.integer("throttledAfterSeconds", d.throttledAfterSeconds(), 1,
                RetrySettings.MAX_THROTTLED_AFTER_SECONDS);
        if (maxAttempts != null) {
            Map<String, RetryRule> rules = new LinkedHashMap<>();
            rules.put("busy", busy);
            rules.put("noAnswer", noAnswer);
            rules.put("unreachable", unreachable);
            rules.put("rejected", rejected);
            rules.put("failed", failed);
            if (results != null) {
                results.forEach((tag, rule) -> rules.put("results." + tag, rule));
            }
            rules.forEach((name, rule) -> {
                if (rule != null && rule.maxAttempts() > maxAttempts) {
                    problems.add(f.where(name) + ".maxAttempts: " + rule.maxAttempts()
                            + " is more than retry.maxAttempts (" + maxAttempts + ")");
                }
            });
        }
        if (problems.size() > before) {
            return null;
        }
        return new RetrySettings(busy, noAnswer, unreachable, rejected, failed, results, maxAttempts, throttledAfter);
    }

    private static RetryRule rule(JsonFields f, String name, RetryRule fallback, List<String> problems) {
        if (f.isExplicitNull(name)) {
            return null; // written null: never retried
        }
        JsonNode node = f.get(name);
        return node == null ? fallback : rule(node, f.where(name), problems);
    }

    private static RetryRule rule(JsonNode node, String path, List<String> problems) {
        JsonFields r = JsonFields.of(node, path, problems, "afterMinutes", "maxAttempts");
        if (!node.isObject()) {
            return null;
        }
        Integer after = r.integer("afterMinutes", null, 1, RetryRule.MAX_AFTER_MINUTES);
        Integer max = r.integer("maxAttempts", 0, 1, RetrySettings.MAX_ATTEMPTS);
        return after == null || max == null ? null : new RetryRule(after, max);
    }

    private static Map<String, RetryRule> results(JsonFields f, List<String> problems) {
        JsonNode node = f.get("results");
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            f.problem("results", "expected an object of result tags and rules, got " + JsonFields.shown(node));
            return null;
        }
        Map<String, RetryRule> results = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = f.where("results") + "." + e.getKey();
            if (!RESULT_TAG.matcher(e.getKey()).matches()) {
                problems.add(path + ": not a result tag (letters, digits, _ . -)");
            } else if (!e.getValue().isNull()) {
                RetryRule rule = rule(e.getValue(), path, problems);
                if (rule != null) {
                    results.put(e.getKey(), rule);
                }
            }
        }
        return results;
    }

    private static WebhookSettings webhook(JsonNode node, List<String> problems) {
        if (node == null) {
            return null;
        }
        JsonFields f = JsonFields.of(node, "webhook", problems, "url", "secret");
        if (!node.isObject()) {
            return null;
        }
        String url = f.text("url", null, 2000);
        String secret = f.text("secret", null, 256);
        URI uri = null;
        if (url != null) {
            try {
                uri = new URI(url);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    f.problem("url", "\"" + url + "\" is not an absolute http or https URL");
                    uri = null;
                }
            } catch (URISyntaxException e) {
                f.problem("url", "\"" + url + "\" is not a URL: " + e.getReason());
            }
        }
        if (secret != null && secret.length() < WebhookSettings.MIN_SECRET_LENGTH) {
            f.problem("secret", "shorter than " + WebhookSettings.MIN_SECRET_LENGTH
                    + " characters: an HMAC key that short can be guessed");
            secret = null;
        }
        return uri == null || secret == null ? null : new WebhookSettings(uri, secret);
    }

    /** The definition as JSON, every default written out, a never-retried outcome as {@code null}. */
    public static ObjectNode write(CampaignSettings s) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode out = json.objectNode();
        out.put("name", s.name());
        out.put("flow", s.flow());
        out.put("dialString", s.dialString());
        ArrayNode callerIds = out.putArray("callerIds");
        s.callerIds().forEach(callerIds::add);
        ObjectNode variables = out.putObject("variables");
        s.variables().forEach(variables::put);

        WindowSettings w = s.window();
        ObjectNode window = out.putObject("window");
        window.put("timezone", w.timezone().getId());
        ArrayNode days = window.putArray("days");
        w.days().stream().sorted().forEach(d -> days.add(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
                .toLowerCase(Locale.ROOT)));
        ArrayNode hours = window.putArray("hours");
        w.hours().forEach(h -> hours.add(h.toString()));
        ArrayNode skip = window.putArray("skipDates");
        w.skipDates().forEach(date -> skip.add(date.toString()));
        ArrayNode extra = window.putArray("extraDates");
        w.extraDates().forEach(date -> extra.add(date.toString()));

        ObjectNode pacing = out.putObject("pacing");
        pacing.put("maxConcurrent", s.pacing().maxConcurrent());
        pacing.put("callsPerSecond", s.pacing().callsPerSecond());

        RetrySettings r = s.retry();
        ObjectNode retry = out.putObject("retry");
        retry.set("busy", rule(r.busy()));
        retry.set("noAnswer", rule(r.noAnswer()));
        retry.set("unreachable", rule(r.unreachable()));
        retry.set("rejected", rule(r.rejected()));
        retry.set("failed", rule(r.failed()));
        ObjectNode results = retry.putObject("results");
        r.results().forEach((tag, rule) -> results.set(tag, rule(rule)));
        retry.put("maxAttempts", r.maxAttempts());
        retry.put("throttledAfterSeconds", r.throttledAfterSeconds());

        out.put("dailyCapPerNumber", s.dailyCapPerNumber());
        if (s.dailyCap() > 0) {
            out.put("dailyCap", s.dailyCap());
        }
        if (s.webhook() != null) {
            ObjectNode webhook = out.putObject("webhook");
            webhook.put("url", s.webhook().url().toString());
            webhook.put("secret", s.webhook().secret());
        }
        if (s.record() != null) {
            out.put("record", s.record());
        }
        return out;
    }

    private static JsonNode rule(RetryRule rule) {
        if (rule == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("afterMinutes", rule.afterMinutes());
        if (rule.maxAttempts() > 0) {
            node.put("maxAttempts", rule.maxAttempts());
        }
        return node;
    }
}
