package dev.newt.core.mailbox;

class BlockingQueueMailboxTest extends MailboxContractTest {
    @Override
    Mailbox create(final int capacity) {
        return new BlockingQueueMailbox(capacity);
    }
}
