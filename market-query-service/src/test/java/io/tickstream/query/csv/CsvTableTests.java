package io.tickstream.query.csv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTableTests {

    @Test
    void csvOnlyWhenAskedForAndNotBelowJson() {
        assertThat(CsvTable.wanted("text/csv")).isTrue();
        assertThat(CsvTable.wanted("text/csv, application/json;q=0.5")).isTrue();
        assertThat(CsvTable.wanted("application/json, text/csv;q=0.5")).isFalse();
        assertThat(CsvTable.wanted("*/*")).isFalse();
        assertThat(CsvTable.wanted(null)).isFalse();
        assertThat(CsvTable.wanted("text/csv;q=0")).isFalse();
        assertThat(CsvTable.wanted("not a media type;;;")).isFalse();
    }

    @Test
    void fieldsWithSeparatorsAreQuotedNullsAreEmptyLinesEndInCrLf() {
        byte[] body = new CsvTable("a", "b", "c").row("x,y", null, "say \"hi\"").answer("/next", new org.springframework.http.HttpHeaders())
                .getBody();
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("a,b,c\r\n\"x,y\",,\"say \"\"hi\"\"\"\r\n");
    }
}
