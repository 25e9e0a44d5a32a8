package io.tickstream.backup.archive;

import io.tickstream.common.event.Decimals;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * One column of an archive table as an {@code unnest} insert binds it: an array parameter of
 * {@code arrayType} and the expression that turns an element into the column value.
 *
 * @param name        column name
 * @param arrayType   PostgreSQL type of the bound array, e.g. {@code text[]}
 * @param select      SQL expression over {@code u.<name>} giving the column value
 * @param elementType Java type of the array elements
 * @param value       the element for one entry, possibly null
 */
record Column<E>(String name, String arrayType, String select, Class<?> elementType, Function<E, Object> value) {

    static <E> Column<E> text(String name, Function<E, String> value) {
        return new Column<>(name, "text[]", "u." + name, String.class, value::apply);
    }

    /** Decimals travel as their exact wire text and are cast in SQL: no binary floating point anywhere. */
    static <E> Column<E> numeric(String name, Function<E, BigDecimal> value) {
        return new Column<>(name, "text[]", "u." + name + "::numeric", String.class, e -> {
            BigDecimal v = value.apply(e);
            return v == null ? null : Decimals.toWire(v);
        });
    }

    /** Epoch milliseconds to {@code timestamptz}, exactly (no division in floating point). */
    static <E> Column<E> epochMillis(String name, Function<E, Long> value) {
        return new Column<>(name, "int8[]", "timestamptz 'epoch' + u." + name + " * interval '1 millisecond'",
                Long.class, value::apply);
    }

    static <E> Column<E> bigint(String name, Function<E, Long> value) {
        return new Column<>(name, "int8[]", "u." + name, Long.class, value::apply);
    }

    static <E> Column<E> integer(String name, Function<E, Integer> value) {
        return new Column<>(name, "int4[]", "u." + name, Integer.class, value::apply);
    }

    static <E> Column<E> smallint(String name, Function<E, Integer> value) {
        return new Column<>(name, "int4[]", "u." + name + "::smallint", Integer.class, value::apply);
    }

    static <E> Column<E> bool(String name, Function<E, Boolean> value) {
        return new Column<>(name, "bool[]", "u." + name, Boolean.class, value::apply);
    }

    /** The values of this column for {@code rows}, as a typed array for binding. */
    Object array(List<E> rows) {
        Object array = Array.newInstance(elementType, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Array.set(array, i, value.apply(rows.get(i)));
        }
        return array;
    }
}
