package dev.newt.net.tap;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A Linux TAP device opened through {@code /dev/net/tun} ({@code TUNSETIFF} with
 * {@code IFF_TAP | IFF_NO_PI}): whole Ethernet frames in and out, no packet-information header.
 * If no device has the name, the kernel creates one that lives as long as this file descriptor.
 *
 * <p>The device can live in another network namespace ({@link #open(String, Path)}): the
 * descriptor is opened by a short-lived thread that first enters the namespace, and keeps its
 * binding to that namespace after the thread is gone, so the caller's threads never leave theirs.
 *
 * <p>Threads: one reader ({@link #read}) and one writer ({@link #write}) may work at once; both
 * hold a shared lock that {@link #close()} takes exclusively, so the descriptor is never closed
 * (and its number reused) under a call in progress. A read waits at most its timeout, which
 * bounds how long a close waits.
 */
public final class TapDevice implements FrameDevice {
    /** Longest frame read: an IPv4 datagram's maximum plus an Ethernet header, and then some. */
    public static final int MAX_FRAME = 65_536 + 64;

    private static final Path TUN = Path.of("/dev/net/tun");
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final int mtu;
    private final int fd;
    private final Memory readBuffer = new Memory(MAX_FRAME);
    private final Memory writeBuffer = new Memory(MAX_FRAME);
    private final Memory pollFd = new Memory(8);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private TapDevice(final String name, final int fd, final int mtu) {
        this.name = name;
        this.fd = fd;
        this.mtu = mtu;
    }

    /**
     * Opens a TAP device in this process's network namespace.
     *
     * @param name the interface name, 1..15 characters
     * @return the open device
     * @throws IOException naming the device and the system's reason when it cannot be opened
     */
    public static TapDevice open(final String name) throws IOException {
        return attach(checkName(name));
    }

    /**
     * Opens a TAP device that lives in another network namespace.
     *
     * @param name  the interface name, 1..15 characters
     * @param netns the namespace's file, such as {@code /run/netns/NAME} (as {@code ip netns add} makes)
     * @return the open device
     * @throws IOException naming the device, the namespace and the reason when it cannot be opened
     */
    public static TapDevice open(final String name, final Path netns) throws IOException {
        checkName(name);
        Objects.requireNonNull(netns, "netns");
        // setns changes only the calling thread's namespace: do it on a thread that dies afterwards.
        final FutureTask<TapDevice> task = new FutureTask<>(() -> {
            enter(name, netns);
            return attach(name);
        });
        final Thread opener = new Thread(task, "newt-tap-open-" + name);
        opener.setDaemon(true);
        opener.start();
        try {
            return task.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("tap '" + name + "' in " + netns + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            opener.interrupt();
            throw new IOException("tap '" + name + "' in " + netns + ": not opened within " + OPEN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("tap '" + name + "': interrupted while opening", e);
        }
    }

    private static String checkName(final String name) {
        Objects.requireNonNull(name, "name");
        final byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        if (b.length < 1 || b.length >= LibC.IFNAMSIZ || !name.chars().allMatch(c -> c > ' ' && c < 127 && c != '/')) {
            throw new IllegalArgumentException("tap device name '" + name + "' must be 1.." + (LibC.IFNAMSIZ - 1)
                + " printable ASCII characters without '/' or spaces");
        }
        return name;
    }

    private static void enter(final String name, final Path netns) throws IOException {
        final int nsFd = LibC.open(netns.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (nsFd < 0) {
            throw new IOException("tap '" + name + "': cannot open network namespace " + netns + ": "
                + LibC.lastError());
        }
        try {
            if (LibC.setns(nsFd, LibC.CLONE_NEWNET) < 0) {
                throw new IOException("tap '" + name + "': cannot enter network namespace " + netns + ": "
                    + LibC.lastError());
            }
        } finally {
            LibC.close(nsFd);
        }
    }

    /** Opens /dev/net/tun, binds it to the device and reads its MTU, in the calling thread's namespace. */
    private static TapDevice attach(final String name) throws IOException {
        final int fd = LibC.open(TUN.toString(), LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("tap '" + name + "': cannot open " + TUN + ": " + LibC.lastError());
        }
        try {
            final Memory ifr = ifreq(name);
            ifr.setShort(LibC.IFREQ_UNION, (short) (LibC.IFF_TAP | LibC.IFF_NO_PI));
            if (LibC.ioctl(fd, new NativeLong(LibC.TUNSETIFF), ifr) < 0) {
                throw new IOException("tap '" + name + "': cannot attach (TUNSETIFF): " + LibC.lastError()
                    + "; is it a TUN device, or open in another process?");
            }
            return new TapDevice(name, fd, readMtu(name));
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    private static int readMtu(final String name) throws IOException {
        final int sock = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM, 0);
        if (sock < 0) {
            throw new IOException("tap '" + name + "': cannot open a socket to read the MTU: " + LibC.lastError());
        }
        try {
            final Memory ifr = ifreq(name);
            if (LibC.ioctl(sock, new NativeLong(LibC.SIOCGIFMTU), ifr) < 0) {
                throw new IOException("tap '" + name + "': cannot read the MTU (SIOCGIFMTU): " + LibC.lastError());
            }
            return ifr.getInt(LibC.IFREQ_UNION);
        } finally {
            LibC.close(sock);
        }
    }

    private static Memory ifreq(final String name) {
        final Memory ifr = new Memory(LibC.IFREQ_SIZE);
        ifr.clear();
        final byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        ifr.write(0, b, 0, b.length);
        return ifr;
    }

    /** @return the interface name */
    @Override
    public String name() {
        return name;
    }

    /** @return the device's MTU when it was opened: the largest Ethernet payload it carries */
    @Override
    public int mtu() {
        return mtu;
    }

    /**
     * Waits for one frame. Only one thread may read at a time.
     *
     * <p>The descriptor is non-blocking, so a read comes first and {@code poll} only when it finds
     * nothing: under load, when frames are queued, a frame costs one system call instead of two.
     *
     * @param timeout the longest wait
     * @return the frame's bytes, or {@code null} if none came in time or the device is closed
     * @throws IOException if the device failed or went away
     */
    @Override
    public byte[] read(final Duration timeout) throws IOException {
        lock.readLock().lock();
        try {
            if (closed) {
                return null;
            }
            long n = LibC.read(fd, readBuffer, MAX_FRAME);
            if (n < 0) {
                if (Native.getLastError() != LibC.EAGAIN) {
                    return interruptedOrFail("read");
                }
                if (!awaitReadable(timeout)) {
                    return null;
                }
                n = LibC.read(fd, readBuffer, MAX_FRAME);
                if (n < 0) {
                    return interruptedOrFail("read");
                }
            }
            return readBuffer.getByteArray(0, (int) n);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return whether a frame is waiting, after at most {@code timeout} (false on EINTR too) */
    private boolean awaitReadable(final Duration timeout) throws IOException {
        pollFd.setInt(0, fd);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        final int ready = LibC.poll(pollFd, new NativeLong(1), (int) Math.min(Integer.MAX_VALUE,
            Math.max(0, timeout.toMillis())));
        if (ready < 0) {
            interruptedOrFail("poll");
            return false;
        }
        final short revents = pollFd.getShort(6);
        if ((revents & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0) {
            throw new IOException("tap '" + name + "': device failed (poll events 0x"
                + Integer.toHexString(revents & 0xFFFF) + ")");
        }
        return ready > 0;
    }

    private byte[] interruptedOrFail(final String call) throws IOException {
        final int errno = Native.getLastError();
        if (errno == LibC.EINTR || errno == LibC.EAGAIN) {
            return null;
        }
        throw new IOException("tap '" + name + "': " + call + " failed: " + LibC.strerror(errno) + " (errno "
            + errno + ")");
    }

    /**
     * Hands one frame to the kernel. Only one thread may write at a time.
     *
     * @param frame a whole Ethernet frame, at most {@link #MAX_FRAME} bytes
     * @return whether the kernel took it; false when it had no room or the device is closed
     * @throws IOException if the kernel refused it for another reason
     */
    @Override
    public boolean write(final byte[] frame) throws IOException {
        return write(frame, 0, frame.length);
    }

    /**
     * Hands one frame, a range of an array, to the kernel: copied once, straight into the native
     * buffer the kernel reads. Only one thread may write at a time.
     *
     * @param array  the array holding a whole Ethernet frame of at most {@link #MAX_FRAME} bytes
     * @param offset the frame's first byte
     * @param length its length
     * @return whether the kernel took it; false when it had no room or the device is closed
     * @throws IOException if the kernel refused it for another reason
     */
    @Override
    public boolean write(final byte[] array, final int offset, final int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, array.length);
        if (length > MAX_FRAME) {
            throw new IllegalArgumentException("tap '" + name + "': frame of " + length + " bytes is over "
                + MAX_FRAME);
        }
        lock.readLock().lock();
        try {
            if (closed) {
                return false;
            }
            writeBuffer.write(0, array, offset, length);
            final long n = LibC.write(fd, writeBuffer, length);
            if (n < 0) {
                final int errno = Native.getLastError();
                if (errno == LibC.EAGAIN || errno == LibC.EINTR) {
                    return false;
                }
                throw new IOException("tap '" + name + "': write failed: " + LibC.strerror(errno) + " (errno "
                    + errno + ")");
            }
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return whether the device is still open */
    public boolean isOpen() {
        lock.readLock().lock();
        try {
            return !closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Closes the descriptor, once any read or write in progress has returned (a read returns
     * within its timeout). A device the kernel created for this descriptor goes away. Idempotent.
     */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                LibC.close(fd);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "TapDevice[" + name + ", mtu " + mtu + (isOpen() ? "" : ", closed") + "]";
    }
}
