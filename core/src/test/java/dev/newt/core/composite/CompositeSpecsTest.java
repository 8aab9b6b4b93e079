package dev.newt.core.composite;

import static dev.newt.core.composite.PairServers.BACK;
import static dev.newt.core.composite.PairServers.FRONT;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.runtime.NewtRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad compositions are rejected up front, naming the composite and the offending server. */
class CompositeSpecsTest {

    @Test
    void innerServerGivenTwiceIsRejected() {
        assertThatThrownBy(() -> CompositeSpecs.of("pair", List.of(PairServers.front(), PairServers.back(),
            PairServers.front())))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("composite 'pair': inner server 'front' is given twice");
    }

    @Test
    void compositeNamedLikeOneOfItsInnerServersIsRejected() {
        assertThatThrownBy(() -> CompositeSpecs.of(BACK, List.of(PairServers.front(), PairServers.back())))
            .hasMessage("composite 'back': its name is also the name of one of its inner servers");
    }

    @Test
    void emptyCompositeAndInnerServersWithAliasesAreRejected() {
        assertThatThrownBy(() -> CompositeSpecs.of("pair", List.of()))
            .hasMessage("composite 'pair': needs at least one inner server");
        assertThatThrownBy(() -> CompositeSpecs.of("pair", List.of(PairServers.front().withAliases("f"))))
            .hasMessage("composite 'pair': inner server 'front' has aliases [f]; inner servers cannot have aliases");
    }

    @Test
    void innerServerAlsoRunningOnItsOwnIsRejectedByTheRuntime() {
        assertThatThrownBy(() -> NewtRuntime.builder().server(PairServers.pair()).server(PairServers.front()))
            .hasMessage("duplicate server name 'front': already an alias of server 'pair'");
        assertThatThrownBy(() -> NewtRuntime.builder().server(PairServers.back()).server(PairServers.pair()))
            .hasMessage("duplicate name 'back': alias of server 'pair' and name of server 'back'");
        assertThatThrownBy(() -> NewtRuntime.builder().server(PairServers.pair())
            .server(CompositeSpecs.of("other", List.of(PairServers.front()))))
            .hasMessage("duplicate name 'front': alias of server 'other' and alias of server 'pair'");
    }

    @Test
    void innerContextSpeaksOnlyAsItsOwnServer() {
        final InnerContext ctx = new InnerContext(new CompositeServer("pair", List.of(PairServers.front())), FRONT);
        org.assertj.core.api.Assertions.assertThat(ctx.as(FRONT)).isSameAs(ctx);
        assertThatThrownBy(() -> ctx.as(BACK)).hasMessage("server 'front' has no alias 'back'");
    }
}
