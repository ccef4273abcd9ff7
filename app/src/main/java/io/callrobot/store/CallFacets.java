package io.callrobot.store;

import java.util.List;

/** The values stored calls have for the filters that pick from a list, each sorted. */
public record CallFacets(List<String> flows, List<String> results, List<String> hangupCauses) {

    public CallFacets {
        flows = List.copyOf(flows);
        results = List.copyOf(results);
        hangupCauses = List.copyOf(hangupCauses);
    }
}
