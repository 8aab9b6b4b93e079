package dev.newt.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.core.store.StateCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** State transformation by field mapping, from the old state's JSON to the new state class. */
class FieldMappingTest {
    private static final StateCodec CODEC = new StateCodec();
    private static final ObjectMapper MAPPER = CODEC.mapper();

    /** An old schema. */
    static final class Old {
        long entries = 7;
        List<String> tags = new ArrayList<>(List.of("b", "a", "b"));
        int[] window = {1, 2, 3};
        Limits limits = new Limits();
        Map<String, Conn> conns = new TreeMap<>(Map.of("c1", new Conn(10), "c2", new Conn(20)));
        List<Conn> closed = new ArrayList<>(List.of(new Conn(30)));
        String motto = "old";
        byte[] buffer = {1, 2, 3};
    }

    static final class Limits {
        long max = 99;
        String unit = "entries";
    }

    static final class Conn {
        long rtt;

        Conn() {
        }

        Conn(final long rtt) {
            this.rtt = rtt;
        }
    }

    /** A new schema: renamed, added, removed, nested, collection types changed. */
    static final class New {
        long count;
        Set<String> tags;
        List<Integer> window;
        NewLimits limits;
        Map<String, NewConn> conns;
        NewConn[] closed;
        String note;
        byte[] buffer;
    }

    static final class NewLimits {
        long maxEntries;
        String unit;
    }

    static final class NewConn {
        long srtt;
    }

    /** Same field names as {@link Old} except the renamed and dropped ones. */
    static final class Same {
        long entries;
        LinkedHashSet<String> tags;
        long[] window;
        Limits limits;
        HashMap<String, Conn> conns;
        Conn[] closed;
        String motto;
        byte[] buffer;
    }

    private static final FieldMapping OLD_TO_NEW = FieldMapping.automatic()
        .rename("entries", "count")
        .rename("limits.max", "limits.maxEntries")
        .rename("conns.*.rtt", "conns.*.srtt")
        .rename("closed.*.rtt", "closed.*.srtt")
        .remove("motto")
        .defaultValue("note", "added");

    private static Object transfer(final FieldMapping mapping, final Object old, final Class<?> to) {
        return StateTransfer.transfer("s1", CODEC.encode("s1", old), old.getClass(), to, mapping, MAPPER);
    }

    private static ObjectNode tree(final Object state) {
        return MAPPER.valueToTree(state);
    }

    @Test
    void fieldsOfTheSameNameAreCopiedAndListsSetsAndArraysConvertIntoEachOther() {
        final Same s = (Same) transfer(FieldMapping.automatic(), new Old(), Same.class);
        assertThat(s.entries).isEqualTo(7);
        assertThat(s.tags).containsExactly("b", "a");
        assertThat(s.window).containsExactly(1L, 2L, 3L);
        assertThat(s.limits.max).isEqualTo(99);
        assertThat(s.conns).containsOnlyKeys("c1", "c2");
        assertThat(s.conns.get("c2").rtt).isEqualTo(20);
        assertThat(s.closed).singleElement().satisfies(c -> assertThat(c.rtt).isEqualTo(30));
        assertThat(s.motto).isEqualTo("old");
        assertThat(s.buffer).containsExactly(1, 2, 3);
    }

    @Test
    void renamesDefaultsAndRemovalsReachNestedFieldsAndTheElementsOfCollectionsAndMaps() {
        final New n = (New) transfer(OLD_TO_NEW, new Old(), New.class);
        assertThat(n.count).isEqualTo(7);
        assertThat(n.tags).containsExactlyInAnyOrder("a", "b");
        assertThat(n.window).containsExactly(1, 2, 3);
        assertThat(n.limits.maxEntries).isEqualTo(99);
        assertThat(n.limits.unit).isEqualTo("entries");
        assertThat(n.conns.get("c1").srtt).isEqualTo(10);
        assertThat(n.closed).singleElement().satisfies(c -> assertThat(c.srtt).isEqualTo(30));
        assertThat(n.note).isEqualTo("added");
        assertThat(n.buffer).containsExactly(1, 2, 3);
    }

    @Test
    void aRenameMayMoveAFieldAcrossLevels() {
        final FieldMapping mapping = OLD_TO_NEW.rename("motto", "limits.unit").remove("limits.unit");
        final New n = (New) transfer(mapping.defaultValue("limits.unit", "unused"), new Old(), New.class);
        assertThat(n.limits.unit).isEqualTo("old");
    }

    @Test
    void aNewFieldTheMappingCannotFillIsAnErrorNamingTheFieldAndTheServer() {
        final FieldMapping noDefault = FieldMapping.automatic().rename("entries", "count")
            .rename("limits.max", "limits.maxEntries").rename("conns.*.rtt", "conns.*.srtt")
            .rename("closed.*.rtt", "closed.*.srtt").remove("motto");
        assertThatThrownBy(() -> transfer(noDefault, new Old(), New.class))
            .isInstanceOf(StateTransformException.class)
            .hasMessageStartingWith("server 's1', field 'note': ")
            .hasMessageContaining("the old state has no field 'note'")
            .satisfies(e -> assertThat(((StateTransformException) e).field()).isEqualTo("note"));
        assertThatThrownBy(() -> transfer(OLD_TO_NEW.rename("closed.*.rtt", "closed.*.srtt"), new Old(), New.class))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'closed.*.srtt' is renamed twice");
        assertThatThrownBy(() -> transfer(noDefault.defaultValue("note", "x").rename("conns.*.gone", "limits.unit")
            .defaultValue("note", "x"), new Old(), New.class))
            .hasMessageContaining("field 'limits.unit'").hasMessageContaining("crosses levels inside a collection");
    }

    @Test
    void anOldFieldThatGoesNowhereIsAnErrorUnlessRemoved() {
        final FieldMapping keepsMotto = FieldMapping.automatic().rename("entries", "count")
            .rename("limits.max", "limits.maxEntries").rename("conns.*.rtt", "conns.*.srtt")
            .rename("closed.*.rtt", "closed.*.srtt").defaultValue("note", "added");
        assertThatThrownBy(() -> transfer(keepsMotto, new Old(), New.class))
            .isInstanceOf(StateTransformException.class)
            .hasMessageStartingWith("server 's1', field 'motto': ")
            .hasMessageContaining("rename it or remove it");
        final FieldMapping losesRtt = FieldMapping.automatic().rename("entries", "count")
            .rename("limits.max", "limits.maxEntries").defaultValue("conns.*.srtt", 0)
            .rename("closed.*.rtt", "closed.*.srtt").remove("motto").defaultValue("note", "added");
        assertThatThrownBy(() -> transfer(losesRtt, new Old(), New.class))
            .hasMessageContaining("field 'conns.*.rtt'");
        assertThatThrownBy(() -> transfer(OLD_TO_NEW.rename("motto", "mott"), new Old(), New.class))
            .hasMessageStartingWith("server 's1', field 'mott': the mapping gives it a rename or a default, but");
    }

    @Test
    void aShapeThatCannotBeConvertedIsAnErrorNamingTheField() {
        final ObjectNode old = tree(new Old());
        old.put("entries", "seven");
        assertThatThrownBy(() -> OLD_TO_NEW.transform(new TransformContext("s1", Old.class, New.class, MAPPER),
            tree(new Old()).set("tags", MAPPER.createObjectNode())))
            .isInstanceOf(StateTransformException.class)
            .hasMessageContaining("field 'tags'").hasMessageContaining("holds a collection (Set)")
            .hasMessageContaining("holds object {}");
        assertThatThrownBy(() -> StateTransfer.transfer("s1", MAPPER.writeValueAsBytes(old), Old.class, New.class,
            OLD_TO_NEW, MAPPER))
            .isInstanceOf(StateTransformException.class)
            .hasMessageStartingWith("server 's1', field 'count': cannot be read as " + New.class.getName());
    }

    @Test
    void malformedPathsAreRefusedWhenTheMappingIsMade() {
        assertThatThrownBy(() -> FieldMapping.automatic().rename("a..b", "c"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed field path 'a..b'");
        assertThatThrownBy(() -> FieldMapping.automatic().remove("*.a"))
            .hasMessageContaining("malformed field path '*.a'");
    }
}
