package dev.newt.net.tap;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc calls a TAP device needs, bound with JNA's direct mapping (no reflection per call:
 * {@link #read}, {@link #write} and {@link #poll} are on the frame path). Linux only; the constants
 * are those of Linux on x86-64 and AArch64. Every call returns -1 on failure with the reason in
 * {@link Native#getLastError()}.
 */
final class LibC {
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;

    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    static final int EINTR = 4;
    static final int EAGAIN = 11;

    /** {@code _IOW('T', 202, int)}. */
    static final long TUNSETIFF = 0x400454caL;
    static final long SIOCGIFMTU = 0x8921L;
    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    static final int CLONE_NEWNET = 0x40000000;

    /** {@code struct ifreq}: a 16-byte name, then a 24-byte union (flags or MTU at offset 16). */
    static final int IFREQ_SIZE = 40;
    static final int IFNAMSIZ = 16;
    static final int IFREQ_UNION = 16;

    static {
        Native.register("c");
    }

    private LibC() {
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    /** {@code ssize_t read(int, void *, size_t)}: both 64-bit on Linux's LP64 ABIs, so a plain long (no NativeLong boxed per call). */
    static native long read(int fd, Pointer buf, long count);

    /** {@code ssize_t write(int, const void *, size_t)}, as {@link #read}. */
    static native long write(int fd, Pointer buf, long count);

    /** Declared with a fixed third argument: on Linux's 64-bit ABIs that is how the variadic one is passed. */
    static native int ioctl(int fd, NativeLong request, Pointer arg);

    static native int poll(Pointer fds, NativeLong nfds, int timeoutMillis);

    static native int socket(int domain, int type, int protocol);

    static native int setns(int fd, int nstype);

    static native String strerror(int errno);

    static native int geteuid();

    /** @return the last call's errno, as "Reason (errno N)" */
    static String lastError() {
        final int errno = Native.getLastError();
        return strerror(errno) + " (errno " + errno + ")";
    }
}
