package io.github.jpsutil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A row of a table of values keyed by name (a disk, a network interface), as psutil keys its dicts. */
record NamedRow<T>(String name, T value) {
    static <T> List<NamedRow<T>> of(Map<String, T> byName) {
        List<NamedRow<T>> out = new ArrayList<>(byName.size());
        byName.forEach((k, v) -> out.add(new NamedRow<>(k, v)));
        return out;
    }
}
