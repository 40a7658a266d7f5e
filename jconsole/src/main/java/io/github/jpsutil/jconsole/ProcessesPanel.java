package io.github.jpsutil.jconsole;

import javax.management.MBeanServerConnection;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.ListSelectionModel;
import javax.swing.SortOrder;
import javax.swing.SpinnerNumberModel;
import javax.swing.SwingWorker;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableRowSorter;
import java.awt.BorderLayout;
import java.awt.CardLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The "Processes" tab: the machine's CPU and memory on top, the host and its descendants as a tree
 * table (indented names; click a column to sort by it, a third click goes back to the tree), and the
 * actions on the selected process. JMX calls run in SwingWorkers, never on the Swing thread.
 */
public final class ProcessesPanel extends JPanel {
    private static final Color REFUSED = new Color(0xb00020), DONE = new Color(0x1b5e20), STOPPED = new Color(0xc25e00);

    private final Supplier<MBeanServerConnection> connection;
    private final ProcessTableModel model = new ProcessTableModel();
    private final JTable table = new JTable(model);
    private final TableRowSorter<ProcessTableModel> sorter = new TreeOrSortedRows(model);
    private final JLabel machine = new JLabel(" ");
    private final JLabel status = new JLabel(" ");
    private final JTextArea noAgent = new JTextArea();
    private final CardLayout cards = new CardLayout();
    private final JPanel body = new JPanel(cards);
    private final List<JButton> actions;
    /** The latest refresh handed out; JConsole asks for the next one from its own timer thread. */
    private volatile SwingWorker<Snapshot, Void> lastRefresh;
    private Snapshot shown;

    /** The tab over a JMX connection that its host tool (JConsole, VisualVM) keeps. */
    public ProcessesPanel(Supplier<MBeanServerConnection> connection) {
        super(new BorderLayout(0, 4));
        this.connection = connection;
        setBorder(BorderFactory.createEmptyBorder(6, 6, 6, 6));
        machine.setFont(machine.getFont().deriveFont(Font.BOLD));
        JPanel top = new JPanel(new GridLayout(2, 1));
        top.add(machine);
        top.add(status);
        add(top, BorderLayout.NORTH);

        table.setRowSorter(sorter);
        table.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        table.setAutoResizeMode(JTable.AUTO_RESIZE_LAST_COLUMN);
        table.setDefaultRenderer(Object.class, new Cells());
        table.setDefaultRenderer(Long.class, new Cells());
        table.setDefaultRenderer(Integer.class, new Cells());
        table.setDefaultRenderer(Double.class, new Cells());
        int[] widths = {60, 160, 80, 80, 60, 120, 60, 45, 140, 400};
        for (int i = 0; i < widths.length; i++) {
            table.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
            // the table is first laid out in JConsole's small first window, or hidden (no agent yet), and
            // the last column takes what a larger window adds: only the command line gives way
            if (i < widths.length - 1) table.getColumnModel().getColumn(i).setMinWidth(widths[i]);
        }
        table.getSelectionModel().addListSelectionListener(e -> enableActions());
        body.add(new JScrollPane(table), "table");
        noAgent.setEditable(false);
        noAgent.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
        noAgent.setBorder(BorderFactory.createEmptyBorder(12, 12, 12, 12));
        body.add(noAgent, "noAgent");
        add(body, BorderLayout.CENTER);

        actions = List.of(button("Suspend", ProcessAction::suspend), button("Resume", ProcessAction::resume),
                button("Terminate", ProcessAction::terminate), button("Kill", ProcessAction::kill),
                button("Renice\u2026", this::askNice), button("I/O priority\u2026", this::askIoNice));
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEFT));
        actions.forEach(buttons::add);
        add(buttons, BorderLayout.SOUTH);
        enableActions();
    }

    /**
     * A refresh, or null while the previous one is still reading (JConsole then skips this cycle). One
     * that was handed out but never run does not count, so a skipped cycle never stops the refreshes.
     */
    public SwingWorker<Snapshot, Void> refresher() {
        SwingWorker<Snapshot, Void> last = lastRefresh;
        if (last != null && last.getState() == SwingWorker.StateValue.STARTED) return null;
        SwingWorker<Snapshot, Void> next = new SwingWorker<>() {
            @Override
            protected Snapshot doInBackground() throws Exception {
                return ProcessReader.read(connection.get());
            }

            @Override
            protected void done() {
                try {
                    show(get());
                } catch (ExecutionException e) {
                    say(false, "Refresh failed: " + ProcessAction.message(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        lastRefresh = next;
        return next;
    }

    /** The rows as the table shows them now, in its order (tree or sorted); on the Swing thread. */
    List<ProcessRow> rowsInView() {
        List<ProcessRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < table.getRowCount(); i++) rows.add(model.row(table.convertRowIndexToModel(i)));
        return rows;
    }

    /** The headline above the table and the no-agent message (empty while the agent runs); on the Swing thread. */
    List<String> texts() {
        return List.of(machine.getText(), shown != null && !shown.hasAgent() ? noAgent.getText() : "");
    }

    /** A click on a column's title: ascending, descending, back to the tree. */
    void clickColumn(int column) {
        sorter.toggleSortOrder(column);
    }

    /** Shows a snapshot (on the Swing thread), keeping the selected process selected. */
    void show(Snapshot s) {
        ProcessRow selected = selected();
        shown = s;
        if (!s.hasAgent()) {
            machine.setText("jpsutil: no agent in this JVM");
            noAgent.setText(s.noAgent());
            cards.show(body, "noAgent");
            model.setRows(List.of());
        } else {
            machine.setText("Machine: " + s.machine().summary() + "    \u00b7    host pid " + s.hostPid() + ", "
                    + s.rows().size() + (s.rows().size() == 1 ? " process" : " processes") + ", jpsutil " + s.agentVersion() + (s.readOnly() ? " (read-only)" : ""));
            cards.show(body, "table");
            model.setRows(s.rows());
            if (selected != null) {
                for (int i = 0; i < s.rows().size(); i++) {
                    if (s.rows().get(i).pid() == selected.pid()) {
                        int view = table.convertRowIndexToView(i);
                        table.getSelectionModel().setSelectionInterval(view, view);
                    }
                }
            }
        }
        enableActions();
    }

    private ProcessRow selected() {
        int view = table.getSelectedRow();
        return view < 0 ? null : model.row(table.convertRowIndexToModel(view));
    }

    private void enableActions() {
        boolean on = selected() != null && shown != null && shown.hasAgent();
        actions.forEach(b -> b.setEnabled(on));
    }

    private void say(boolean ok, String text) {
        status.setForeground(ok ? DONE : REFUSED);
        status.setText(text);
    }

    private JButton button(String title, Supplier<ProcessAction> action) {
        JButton b = new JButton(title);
        b.addActionListener(e -> {
            ProcessRow target = selected();
            if (target == null) return;
            ProcessAction a = action.get();
            if (a == null) return; // the value dialog was cancelled
            int answer = JOptionPane.showConfirmDialog(this, a.question(target), a.title(), JOptionPane.OK_CANCEL_OPTION,
                    JOptionPane.WARNING_MESSAGE);
            if (answer == JOptionPane.OK_OPTION) run(a, target);
        });
        return b;
    }

    private void run(ProcessAction a, ProcessRow target) {
        say(true, a.title() + " " + target.label() + "\u2026");
        new SwingWorker<ProcessAction.Outcome, Void>() {
            @Override
            protected ProcessAction.Outcome doInBackground() {
                return a.invoke(connection.get(), target);
            }

            @Override
            protected void done() {
                try {
                    ProcessAction.Outcome o = get();
                    say(o.done(), o.message());
                    if (!o.done())
                        JOptionPane.showMessageDialog(ProcessesPanel.this, o.message(), a.title(), JOptionPane.ERROR_MESSAGE);
                } catch (InterruptedException | ExecutionException e) {
                    say(false, a.title() + " failed: " + ProcessAction.message(e));
                }
                SwingWorker<Snapshot, Void> r = refresher();
                if (r != null) r.execute();
            }
        }.execute();
    }

    private ProcessAction askNice() {
        ProcessRow target = selected();
        int current = target.nice() == null ? 0 : target.nice();
        JSpinner nice = new JSpinner(new SpinnerNumberModel(Math.max(-20, Math.min(19, current)), -20, 19, 1));
        int answer = JOptionPane.showConfirmDialog(this, new Object[]{"Nice value of " + target.label()
                + "\n(-20 highest priority, 19 lowest; lowering it needs CAP_SYS_NICE):", nice}, "Renice",
                JOptionPane.OK_CANCEL_OPTION, JOptionPane.QUESTION_MESSAGE);
        return answer == JOptionPane.OK_OPTION ? ProcessAction.renice((Integer) nice.getValue()) : null;
    }

    private ProcessAction askIoNice() {
        JComboBox<String> ioClass = new JComboBox<>(new String[]{"be", "idle", "rt", "none"});
        JSpinner level = new JSpinner(new SpinnerNumberModel(4, 0, 7, 1));
        int answer = JOptionPane.showConfirmDialog(this, new Object[]{"I/O scheduling class of " + selected().label()
                + "\n(be: best effort, idle: only when the disk is idle, rt: real time, needs CAP_SYS_ADMIN):", ioClass,
                "Level (0 highest to 7; 0 for none and idle):", level}, "I/O priority",
                JOptionPane.OK_CANCEL_OPTION, JOptionPane.QUESTION_MESSAGE);
        return answer == JOptionPane.OK_OPTION
                ? ProcessAction.ionice((String) ioClass.getSelectedItem(), (Integer) level.getValue()) : null;
    }

    /** Sorts by a column on the first two clicks (ascending, descending) and returns to tree order on the third. */
    private static final class TreeOrSortedRows extends TableRowSorter<ProcessTableModel> {
        TreeOrSortedRows(ProcessTableModel m) {
            super(m);
        }

        @Override
        public void toggleSortOrder(int column) {
            List<? extends SortKey> keys = getSortKeys();
            if (!keys.isEmpty() && keys.get(0).getColumn() == column && keys.get(0).getSortOrder() == SortOrder.DESCENDING)
                setSortKeys(null);
            else super.toggleSortOrder(column);
        }
    }

    /** Units, "?" for values the agent could not read, tree indentation while unsorted, stopped in colour. */
    private final class Cells extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus, int row,
                                                       int column) {
            int col = t.convertColumnIndexToModel(column);
            ProcessRow r = model.row(t.convertRowIndexToModel(row));
            String text = value == null ? "?" : switch (col) {
                case ProcessTableModel.NAME -> sorter.getSortKeys().isEmpty() && r.depth() > 0
                        ? "    ".repeat(r.depth() - 1) + "\u2514\u2500 " + value : String.valueOf(value);
                case ProcessTableModel.RESIDENT -> Format.bytes((Long) value);
                case ProcessTableModel.STARTED -> Format.time((Double) value);
                default -> value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.1f", d) : String.valueOf(value);
            };
            super.getTableCellRendererComponent(t, text, selected, focus, row, column);
            setHorizontalAlignment(value instanceof Number && col != ProcessTableModel.STARTED ? RIGHT : LEFT);
            if (!selected) setForeground("stopped".equals(r.status()) ? STOPPED : t.getForeground());
            setToolTipText(col == ProcessTableModel.NAME ? r.objectName().toString() : null);
            return this;
        }
    }
}
