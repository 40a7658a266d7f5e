package io.github.jpsutil.agent.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableTest {
    @Test
    void everyControlCharacterShowsAsAQuestionMarkAndTheRestStays() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) if (c != '\n') controls.append(c);
        controls.append('\u007f');
        for (char c = 0x80; c <= 0x9f; c++) controls.append(c);
        assertThat(Cli.printable(controls.toString())).isEqualTo("?".repeat(controls.length()));
        assertThat(Cli.printable("sleep \u001b]0;owned\u0007 \u009b2J")).isEqualTo("sleep ?]0;owned? ?2J");
        assertThat(Cli.printable("two\nlines ~ \u00a0é 漢")).isEqualTo("two\nlines ~ \u00a0é 漢");
        assertThat(Cli.printable(null)).isEqualTo("null");
    }
}
