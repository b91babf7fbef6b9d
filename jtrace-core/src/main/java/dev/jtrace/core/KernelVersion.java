package dev.jtrace.core;

import dev.jtrace.core.internal.LibC;
import java.util.Objects;

/**
 * A Linux kernel version, as {@code uname -r} reports it: {@code major.minor[.patch][extra]},
 * such as {@code 6.18.44-fc-v595} or {@code 6.10.0-rc3}.
 *
 * <p>Versions compare by major, minor and patch only; {@link #equals} agrees with that, so
 * {@code 6.1.0-18-amd64} and {@code 6.1.0-20-amd64} are the same version. The whole text is kept
 * in {@link #release()}.
 */
public final class KernelVersion implements Comparable<KernelVersion> {
    private static volatile KernelVersion current;

    private final int major;
    private final int minor;
    private final int patch;
    private final String release;

    private KernelVersion(int major, int minor, int patch, String release) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.release = release;
    }

    /**
     * Returns the running kernel's version, read once with {@code uname(2)}.
     *
     * @return the version
     */
    public static KernelVersion current() {
        KernelVersion v = current;
        if (v == null) {
            v = parse(LibC.uname().release());
            current = v;
        }
        return v;
    }

    /**
     * Returns a version from its numbers.
     *
     * @param major the major number
     * @param minor the minor number
     * @param patch the patch (sublevel) number
     * @return the version, with release text {@code "major.minor.patch"}
     * @throws IllegalArgumentException if a number is negative
     */
    public static KernelVersion of(int major, int minor, int patch) {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative kernel version number in " + major + "." + minor + "." + patch);
        }
        return new KernelVersion(major, minor, patch, major + "." + minor + "." + patch);
    }

    /**
     * Parses a kernel release string.
     *
     * @param release the text, such as {@code "6.18.44-fc-v595"}; a trailing newline is ignored
     * @return the version
     * @throws MalformedDataException naming the offset if the text does not start with
     *     {@code major.minor}
     */
    public static KernelVersion parse(String release) {
        String text = release.strip();
        int[] numbers = new int[3];
        int pos = 0;
        int count = 0;
        while (count < 3) {
            int start = pos;
            long value = 0;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                if (pos - start == 9) {
                    throw new MalformedDataException("kernel release \"" + text + "\"", start,
                            "version number has more than 9 digits");
                }
                value = value * 10 + (text.charAt(pos) - '0');
                pos++;
            }
            if (pos == start) {
                if (count < 2) {
                    throw new MalformedDataException("kernel release \"" + text + "\"", pos,
                            "expected the " + (count == 0 ? "major" : "minor") + " version number");
                }
                break;
            }
            numbers[count++] = (int) value;
            if (count < 3 && pos < text.length() && text.charAt(pos) == '.') {
                pos++;
            } else {
                if (count < 2) {
                    throw new MalformedDataException("kernel release \"" + text + "\"", pos,
                            "expected '.' after the major version number");
                }
                break;
            }
        }
        return new KernelVersion(numbers[0], numbers[1], numbers[2], text);
    }

    /**
     * Tells whether this version is at least {@code major.minor}.
     *
     * @param major the major number
     * @param minor the minor number
     * @return {@code true} if this version is {@code major.minor.0} or later
     */
    public boolean atLeast(int major, int minor) {
        return this.major != major ? this.major > major : this.minor >= minor;
    }

    /**
     * Returns the major number.
     *
     * @return the major number, 6 in 6.18.44
     */
    public int major() {
        return major;
    }

    /**
     * Returns the minor number.
     *
     * @return the minor number, 18 in 6.18.44
     */
    public int minor() {
        return minor;
    }

    /**
     * Returns the patch (sublevel) number.
     *
     * @return the patch number, 44 in 6.18.44; 0 when the release has none
     */
    public int patch() {
        return patch;
    }

    /**
     * Returns the whole release text.
     *
     * @return the text, such as {@code "6.18.44-fc-v595"}
     */
    public String release() {
        return release;
    }

    @Override
    public int compareTo(KernelVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelVersion v && major == v.major && minor == v.minor && patch == v.patch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, patch);
    }

    /** Returns the release text. */
    @Override
    public String toString() {
        return release;
    }
}
