package dev.newt.campaign.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Reads the files a user hands to newt (campaign files, results) within bounds: only a regular
 * file, at most a stated size, checked before a byte is parsed, so that {@code /dev/zero}, a FIFO
 * or a huge file gets a clear error at once instead of a stall or an out-of-memory error. Also
 * says what went wrong with a file in words, never with a Java exception's class name.
 */
public final class InputFiles {
    /** The largest campaign file read (1 MiB: the largest example is a few KiB). */
    public static final long MAX_CAMPAIGN_BYTES = 1L << 20;

    private InputFiles() {
    }

    /** A file refused before or while reading it; the message says why in the user's words. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(final String message) {
            super(message);
        }
    }

    /**
     * @param file     the file
     * @param maxBytes the largest size accepted
     * @return its bytes
     * @throws Refused when it is not a regular file, is larger than {@code maxBytes} or cannot be read
     */
    public static byte[] read(final Path file, final long maxBytes) throws Refused {
        if (!Files.exists(file)) {
            throw new Refused("no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new Refused(Files.isDirectory(file) ? "is a directory, not a file"
                : "is not a regular file (a device, FIFO or socket): newt reads only regular files");
        }
        try (InputStream in = Files.newInputStream(file)) {
            // Read one byte more than allowed: the size on disk may change while reading.
            final byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new Refused("is larger than " + size(maxBytes) + ", the most newt reads for this file");
            }
            return bytes;
        } catch (IOException e) {
            throw new Refused("cannot read it: " + reason(e));
        }
    }

    /**
     * @param e what went wrong with a file
     * @return the reason in words, without the exception's class name
     */
    public static String reason(final IOException e) {
        final String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            why = "it already exists";
        } else if (e instanceof DirectoryNotEmptyException) {
            why = "the directory is not empty";
        } else if (e instanceof NotDirectoryException) {
            why = "not a directory";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            why = f.getReason();
        } else if (e instanceof FileSystemException) {
            why = "the file system refused";
        } else {
            why = e.getMessage() == null ? "input/output error" : e.getMessage();
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + why;
        }
        return why;
    }

    private static String size(final long bytes) {
        return bytes % (1L << 20) == 0 ? bytes / (1L << 20) + " MiB" : bytes + " bytes";
    }
}
