package io.github.jpsutil.agent;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import java.util.ArrayDeque;

/**
 * The latest exited processes (option exitedKept), for someone who connects after the fact. A row
 * is kept as the plain fields of its process and made into CompositeData when the table is first
 * read after it came (most exits are never read here).
 */
final class ExitedProcesses {
    private final int keep;
    private final ArrayDeque<Row> rows;

    private static final class Row {
        final Types.Event event;
        CompositeData data;

        Row(Types.Event event) {
            this.event = event;
        }

        CompositeData data() {
            if (data == null) data = event.data();
            return data;
        }
    }

    ExitedProcesses(int keep) {
        this.keep = keep;
        this.rows = new ArrayDeque<>(Math.min(keep, 1024));
    }

    synchronized void add(Types.Event event) {
        if (keep == 0) return;
        if (rows.size() == keep) rows.removeFirst();
        rows.addLast(new Row(event));
    }

    synchronized TabularData table() {
        TabularDataSupport t = new TabularDataSupport(Types.EXITED_TABLE);
        for (Row row : rows) {
            CompositeData r = row.data();
            // the same pid exiting twice within a millisecond cannot happen; keep the first if it did
            if (!t.containsKey(t.calculateIndex(r))) t.put(r);
        }
        return t;
    }
}
