package dev.newt.core.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MpscMailboxTest extends MailboxContractTest {
    @Override
    Mailbox create(final int capacity) {
        return new MpscMailbox(capacity);
    }

    @Test
    void capacityIsRoundedUpToAPowerOfTwo() {
        assertThat(new MpscMailbox(100).capacity()).isEqualTo(128);
    }
}
