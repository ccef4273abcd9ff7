package io.callrobot.provider;

import io.callrobot.config.ConfigLoader;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The part of a prompt-cache key that stands for a provider's settings: every component of its
 * settings record except those named as not changing the audio (time-outs, concurrency, standby
 * connections) and secrets, which never go into a key. A setting added to the record later is part
 * of the identity until someone decides it does not change the audio: stale audio is never replayed,
 * at worst the cache misses once.
 */
public final class CacheIdentity {

    private CacheIdentity() {
    }

    /**
     * @param section  the settings' key, e.g. {@code tts.espeak}; names the identity and finds secrets
     * @param settings the settings record
     * @param notAudio components that do not change the audio for the same request and text
     * @throws IllegalArgumentException if a name in {@code notAudio} is not a component of {@code settings}
     */
    public static String of(String section, Record settings, String... notAudio) {
        RecordComponent[] components = settings.getClass().getRecordComponents();
        Set<String> excluded = Set.of(notAudio);
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        if (!names.containsAll(excluded)) {
            throw new IllegalArgumentException(section + " has no setting among " + excluded + "; it has " + names);
        }
        List<String> parts = new ArrayList<>();
        for (RecordComponent component : components) {
            String name = component.getName();
            if (!excluded.contains(name) && !ConfigLoader.isSecret(section + "." + name)) {
                parts.add(name + "=" + value(settings, component));
            }
        }
        return section + parts;
    }

    private static Object value(Record settings, RecordComponent component) {
        try {
            return component.getAccessor().invoke(settings);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + settings.getClass(), e);
        }
    }
}
