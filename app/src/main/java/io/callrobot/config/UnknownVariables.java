package io.callrobot.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds {@code CALLROBOT_*} environment variables that name no configuration key, so a typo such
 * as {@code CALLROBOT_ESL_PROT} is reported with the key it most likely meant instead of being ignored.
 */
final class UnknownVariables {

    /** Read by the launcher and the logging configuration, not by the configuration loader. */
    private static final Set<String> OTHER_USES = Set.of("CALLROBOT_JAVA_OPTS", "CALLROBOT_LOG_LEVEL",
            "CALLROBOT_TEST_LOG_LEVEL");

    private UnknownVariables() {
    }

    /**
     * @param keys every dotted configuration key
     * @return one warning per unknown variable, naming the closest known key, in name order
     */
    static List<String> warnings(Collection<String> keys, Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith(ConfigLoader.ENV_PREFIX) || OTHER_USES.contains(name)) {
                continue;
            }
            String closest = null;
            int best = Integer.MAX_VALUE;
            for (String key : keys) {
                String known = ConfigLoader.envName(key);
                if (known.equals(name)) {
                    closest = null;
                    best = 0;
                    break;
                }
                int distance = distance(name, known);
                if (distance < best) {
                    best = distance;
                    closest = key;
                }
            }
            if (best > 0) {
                warnings.add(name + " is not a configuration variable and is ignored"
                        + (closest == null ? "" : "; closest: " + ConfigLoader.envName(closest) + " (" + closest + ")"));
            }
        }
        return warnings;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
