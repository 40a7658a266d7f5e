package io.github.jpsutil.jconsole;

import javax.swing.table.AbstractTableModel;
import java.util.List;
import java.util.function.Function;

/** The processes as table rows, in tree order; a sorter on top of it may reorder them by a column. */
final class ProcessTableModel extends AbstractTableModel {
    /** A column: its title, value class (what the sorter compares) and the value of a row. */
    private record Column(String title, Class<?> type, Function<ProcessRow, Object> value) {
    }

    static final int NAME = 1;
    private static final List<Column> COLUMNS = List.of(
            new Column("PID", Long.class, ProcessRow::pid),
            new Column("Name", String.class, ProcessRow::name),
            new Column("User", String.class, ProcessRow::user),
            new Column("Status", String.class, ProcessRow::status),
            new Column("CPU %", Double.class, ProcessRow::cpuPercent),
            new Column("Resident memory", Long.class, ProcessRow::residentBytes),
            new Column("Threads", Integer.class, ProcessRow::threads),
            new Column("Nice", Integer.class, ProcessRow::nice),
            new Column("Started", Double.class, ProcessRow::createTimeSeconds),
            new Column("Command line", String.class, ProcessRow::commandLine));
    static final int RESIDENT = 5, STARTED = 8;

    private List<ProcessRow> rows = List.of();

    void setRows(List<ProcessRow> rows) {
        this.rows = List.copyOf(rows);
        fireTableDataChanged();
    }

    ProcessRow row(int modelIndex) {
        return rows.get(modelIndex);
    }

    List<ProcessRow> rows() {
        return rows;
    }

    @Override
    public int getRowCount() {
        return rows.size();
    }

    @Override
    public int getColumnCount() {
        return COLUMNS.size();
    }

    @Override
    public String getColumnName(int column) {
        return COLUMNS.get(column).title();
    }

    @Override
    public Class<?> getColumnClass(int column) {
        return COLUMNS.get(column).type();
    }

    @Override
    public Object getValueAt(int row, int column) {
        return COLUMNS.get(column).value().apply(rows.get(row));
    }
}
