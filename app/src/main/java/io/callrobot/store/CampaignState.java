package io.callrobot.store;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a campaign is in its life: {@code draft} (being set up) → {@code running} ⇄ {@code paused} →
 * {@code stopped} or {@code completed}; a completed campaign runs again when contacts are added.
 */
public enum CampaignState {
    DRAFT, RUNNING, PAUSED, STOPPED, COMPLETED;

    /** The name kept in the database and shown by the API, e.g. {@code running}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The states this one may move to. */
    public Set<CampaignState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(RUNNING, STOPPED);
            case RUNNING -> EnumSet.of(PAUSED, STOPPED, COMPLETED);
            case PAUSED -> EnumSet.of(RUNNING, STOPPED);
            case COMPLETED -> EnumSet.of(RUNNING);
            case STOPPED -> EnumSet.noneOf(CampaignState.class);
        };
    }

    /** The states from which a campaign may move to this one. */
    Set<CampaignState> previous() {
        Set<CampaignState> from = EnumSet.noneOf(CampaignState.class);
        for (CampaignState s : values()) {
            if (s.next().contains(this)) {
                from.add(s);
            }
        }
        return from;
    }

    /** @throws IllegalArgumentException naming the known states */
    public static CampaignState of(String id) {
        for (CampaignState s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown campaign state '" + id + "' (known: "
                + Arrays.stream(values()).map(CampaignState::id).toList() + ")");
    }
}
