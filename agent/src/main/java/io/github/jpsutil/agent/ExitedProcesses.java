package io.github.jpsutil.agent;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import java.util.ArrayDeque;

/** The latest exited processes (option exitedKept), for someone who connects after the fact. */
final class ExitedProcesses {
    private final int keep;
    private final ArrayDeque<CompositeData> rows;

    ExitedProcesses(int keep) {
        this.keep = keep;
        this.rows = new ArrayDeque<>(Math.min(keep, 1024));
    }

    synchronized void add(CompositeData row) {
        if (keep == 0) return;
        if (rows.size() == keep) rows.removeFirst();
        rows.addLast(row);
    }

    synchronized TabularData table() {
        TabularDataSupport t = new TabularDataSupport(Types.EXITED_TABLE);
        for (CompositeData r : rows) {
            // the same pid exiting twice within a millisecond cannot happen; keep the first if it did
            if (!t.containsKey(t.calculateIndex(r))) t.put(r);
        }
        return t;
    }
}
