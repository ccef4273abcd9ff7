package io.callrobot.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callrobot.store.CampaignRow;
import io.callrobot.store.NewCampaign;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Campaign settings to and from their store rows: the window, pacing, retry and webhook settings are
 * kept as the JSON {@link CampaignSettingsJson} writes, so a row reads back into the same settings.
 */
public final class CampaignRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CampaignRecords() {
    }

    /** The row to create for validated {@code settings}. */
    public static NewCampaign toNew(CampaignSettings settings) {
        ObjectNode json = CampaignSettingsJson.write(settings);
        return new NewCampaign(settings.name(), settings.flow(), settings.dialString(), settings.callerIds(),
                text(json.get("variables")), text(json.get("window")), text(json.get("pacing")),
                text(json.get("retry")), json.hasNonNull("webhook") ? text(json.get("webhook")) : null,
                settings.dailyCapPerNumber(), settings.dailyCap() > 0 ? settings.dailyCap() : null, settings.record());
    }

    /** The settings of a stored campaign, read back as the API received them (flows not checked again). */
    public static CampaignSettings settings(CampaignRow row) {
        ObjectNode json = JSON.createObjectNode();
        json.put("name", row.name());
        json.put("flow", row.flow());
        json.put("dialString", row.dialString());
        row.callerIds().forEach(json.putArray("callerIds")::add);
        json.set("variables", tree(row.variables()));
        json.set("window", tree(row.window()));
        json.set("pacing", tree(row.pacing()));
        json.set("retry", tree(row.retry()));
        if (row.webhook() != null) {
            json.set("webhook", tree(row.webhook()));
        }
        if (row.dailyCapPerNumber() != null) {
            json.put("dailyCapPerNumber", row.dailyCapPerNumber());
        }
        if (row.dailyCap() != null) {
            json.put("dailyCap", row.dailyCap());
        }
        if (row.recordCalls() != null) {
            json.put("record", row.recordCalls());
        }
        return CampaignSettingsJson.read(json, (Set<String>) null);
    }

    /** A stored JSON object of variables ({@code {"customer_name": "张三"}}), in its order. */
    public static Map<String, String> variables(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode node = tree(json);
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** {@code variables} as the JSON text a row keeps. */
    public static String variablesJson(Map<String, String> variables) {
        ObjectNode node = JSON.createObjectNode();
        variables.forEach(node::put);
        return text(node);
    }

    private static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tree(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored campaign JSON unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
